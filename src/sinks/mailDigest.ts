// Alert floods: each recipient gets at most `count` mails in a window of
// `seconds` that starts with the first mail to them. What comes beyond that
// within the window is held back and, when the window ends, sent to that
// recipient as one digest mail listing the alerts held back. The digest is
// bounded: alerts that no longer fit are only counted.

export interface FloodLimit {
  /** Mails per recipient per window. */
  count: number;
  /** The window's length in seconds. */
  seconds: number;
}

export interface Alert {
  subject: string;
  body: string;
}

/** The most a digest's body holds; alerts beyond it are only counted. */
export const MAX_DIGEST_CHARS = 64 * 1024;
/** The most of one alert's body a digest shows. */
const MAX_ALERT_BODY_CHARS = 4 * 1024;

interface Window {
  endMs: number;
  sent: number;
  /** Alerts held back that fit into the digest. */
  shown: Alert[];
  shownChars: number;
  /** All alerts held back, shown or not. */
  held: number;
  timer: NodeJS.Timeout;
}

export class FloodLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: FloodLimit,
    /** Called with each digest to send (one recipient). */
    private readonly sendDigest: (recipient: string, digest: Alert) => void,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** The recipients that may get this alert now; for the others it is held for their digest. */
  admit(recipients: string[], alert: Alert): string[] {
    const now = this.nowMs();
    return recipients.filter((recipient) => {
      let window = this.windows.get(recipient);
      if (window !== undefined && now >= window.endMs) {
        this.endWindow(recipient);
        window = undefined;
      }
      if (window === undefined) {
        window = this.openWindow(recipient, now);
      }
      if (window.sent < this.limit.count) {
        window.sent++;
        return true;
      }
      hold(window, alert);
      return false;
    });
  }

  /** Send every digest now, not at its window's end (at shutdown). */
  flush(): void {
    for (const recipient of [...this.windows.keys()]) this.endWindow(recipient);
  }

  /** Alerts held back for digests not yet sent. */
  get held(): number {
    let n = 0;
    for (const window of this.windows.values()) n += window.held;
    return n;
  }

  /** Forget all windows and what they hold. */
  close(): void {
    for (const window of this.windows.values()) clearTimeout(window.timer);
    this.windows.clear();
  }

  private openWindow(recipient: string, now: number): Window {
    const lengthMs = this.limit.seconds * 1000;
    // unref: a pending window must not keep the process alive; the owner flushes at shutdown
    const timer = setTimeout(() => this.endWindow(recipient), lengthMs).unref();
    const window: Window = { endMs: now + lengthMs, sent: 0, shown: [], shownChars: 0, held: 0, timer };
    this.windows.set(recipient, window);
    return window;
  }

  private endWindow(recipient: string): void {
    const window = this.windows.get(recipient);
    if (window === undefined) return;
    clearTimeout(window.timer);
    this.windows.delete(recipient);
    if (window.held > 0) this.sendDigest(recipient, digestOf(recipient, window, this.limit));
  }
}

function hold(window: Window, alert: Alert): void {
  window.held++;
  const body = alert.body.length > MAX_ALERT_BODY_CHARS ? `${alert.body.slice(0, MAX_ALERT_BODY_CHARS)} [...]` : alert.body;
  const chars = alert.subject.length + body.length;
  if (window.shownChars + chars > MAX_DIGEST_CHARS) return;
  window.shown.push({ subject: alert.subject, body });
  window.shownChars += chars;
}

const alerts = (n: number): string => (n === 1 ? '1 more alert' : `${n} more alerts`);

function digestOf(recipient: string, window: Window, limit: FloodLimit): Alert {
  const lines = [`Over the limit of ${limit.count} mails in ${limit.seconds} seconds to ${recipient}, ${alerts(window.held)} came:`, ''];
  window.shown.forEach((alert, i) => {
    lines.push(`--- ${i + 1}/${window.held}: ${alert.subject}`, alert.body, '');
  });
  const unshown = window.held - window.shown.length;
  if (unshown > 0) lines.push(`(${unshown} of them not shown: a digest holds at most ${MAX_DIGEST_CHARS} characters)`);
  return { subject: `${alerts(window.held)} (first: ${window.shown[0]?.subject ?? ''})`, body: lines.join('\n') };
}
