// The mail sink: actions hand it messages and go on at once; it delivers them
// in the background, one at a time and in order, through the transport the
// configuration names. A dead or slow server holds the queue and is retried
// with capped exponential backoff; the queue is bounded and what does not fit
// is dropped and logged. Failures are logged, but not once per retry. At
// shutdown `drain` gives what is pending a grace period and logs what is left.
import type { Transporter } from 'nodemailer';
import { LogLevel, type Logger } from '../log/logger.js';
import { onDemand } from '../modules/onDemand.js';
import { Backoff } from './backoff.js';
import { type Alert, type FloodLimit, FloodLimiter } from './mailDigest.js';
import { eventText, isMailAddress, oneLine, quoted, subjectLine } from './mailText.js';
import type { MailTransportPlan } from './mailTransport.js';
import { RateLimitedLog } from './rateLimitedLog.js';

/** nodemailer, loaded when a mail sink is made (--mail-transport): a run without mail does not pay for it. */
const loadNodemailer = onDemand<typeof import('nodemailer')>('nodemailer');

/** One mail as an action gives it: texts as the engine holds them (one char per input byte). */
export interface MailMessage {
  to: string[];
  subject: string;
  body: string;
}

export interface MailSinkTimings {
  /** The first retry's wait; each further one doubles it. */
  retryMinMs: number;
  /** The longest wait between retries. */
  retryMaxMs: number;
  /** A repeated failure is logged at most once per this interval. */
  logIntervalMs: number;
  /** How long an SMTP server may take to accept the connection, greet, or answer a command. */
  smtpTimeoutMs: number;
}

export interface MailSinkOptions {
  /** Mails waiting at most (default 1000); more are dropped. */
  queueLimit?: number;
  /** Per-recipient flood limit; the excess goes into one digest per window. */
  floodLimit?: FloodLimit;
  timings?: Partial<MailSinkTimings>;
}

export const DEFAULT_MAIL_TIMINGS: MailSinkTimings = { retryMinMs: 1000, retryMaxMs: 300_000, logIntervalMs: 60_000, smtpTimeoutMs: 30_000 };
export const DEFAULT_MAIL_QUEUE_LIMIT = 1000;
/** How many left-over mails the shutdown log names one by one. */
const LEFT_OVER_NAMED = 10;

interface QueuedMail {
  to: string[];
  subject: string;
  body: string;
}

/**
 * An SMTP reply that rejects this one mail (a recipient, the sender or the
 * content): trying it again would get the same answer, so it is dropped.
 */
function rejectsThisMail(err: unknown): boolean {
  const { code, responseCode } = (err ?? {}) as { code?: unknown; responseCode?: unknown };
  return (code === 'EENVELOPE' || code === 'EMESSAGE') && typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
}

const errorText = (err: unknown): string => oneLine(err instanceof Error ? err.message : String(err));
const mailNamed = (mail: QueuedMail): string => `mail to ${mail.to.join(', ')} (${quoted(mail.subject)})`;

export class MailSink {
  private readonly transporter: Transporter;
  private readonly queue: QueuedMail[] = [];
  private readonly queueLimit: number;
  private readonly timings: MailSinkTimings;
  private readonly backoff: Backoff;
  private readonly rateLimited: RateLimitedLog;
  private readonly limiter: FloodLimiter | null;
  /** A delivery is under way (it is queue[0]). */
  private delivering = false;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Called whenever the queue becomes empty (drain waits on it). */
  private readonly whenEmpty = new Set<() => void>();
  private dropped = 0;
  /** Failed attempts since the last delivery. */
  private failures = 0;
  private closed = false;

  constructor(
    private readonly plan: MailTransportPlan,
    private readonly log: Logger,
    options: MailSinkOptions = {},
  ) {
    this.timings = { ...DEFAULT_MAIL_TIMINGS, ...options.timings };
    this.queueLimit = options.queueLimit ?? DEFAULT_MAIL_QUEUE_LIMIT;
    this.backoff = new Backoff({ initialMs: this.timings.retryMinMs, maxMs: this.timings.retryMaxMs });
    this.rateLimited = new RateLimitedLog(log, this.timings.logIntervalMs);
    this.limiter = options.floodLimit ? new FloodLimiter(options.floodLimit, (to, digest) => this.enqueue([to], digest)) : null;
    this.transporter = this.createTransporter();
  }

  private createTransporter(): Transporter {
    const nodemailer = loadNodemailer();
    if (nodemailer === null) throw new Error("the nodemailer package can't be loaded");
    if (this.plan.kind === 'sendmail') return nodemailer.createTransport(this.plan.options);
    const timeout = this.timings.smtpTimeoutMs;
    return nodemailer.createTransport({ ...this.plan.options, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  }

  /** Queue a mail; returns at once. Invalid recipients are logged and left out. */
  send(message: MailMessage): void {
    if (this.closed) return;
    const to = [...new Set(message.to.filter((address) => this.validRecipient(address)))];
    const alert: Alert = { subject: subjectLine(eventText(message.subject)), body: eventText(message.body) };
    if (to.length === 0) {
      this.rateLimited.log(LogLevel.WARN, 'no-recipient', `Mail ${quoted(alert.subject)} has no valid recipient, not sent`);
      return;
    }
    const admitted = this.limiter ? this.limiter.admit(to, alert) : to;
    if (admitted.length > 0) this.enqueue(admitted, alert);
  }

  /** Mails queued or being delivered (alerts held for a digest not counted). */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Shutdown: send held digests now, try at once what waits for a retry, and
   * wait up to `graceMs` for the queue to empty. What is left is logged and
   * counted (it stays queued until `close`).
   */
  async drain(graceMs: number): Promise<number> {
    this.limiter?.flush();
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.pump();
    if (this.queue.length > 0) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.whenEmpty.delete(done);
          resolve();
        };
        const timer = setTimeout(done, graceMs);
        this.whenEmpty.add(done);
      });
    }
    const left = this.queue.length;
    if (left > 0) this.logLeftOver();
    return left;
  }

  /** Stop: timers cancelled, the queue and held alerts discarded, the transport closed. */
  close(): void {
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.limiter?.close();
    this.queue.length = 0;
    this.transporter.close();
    this.notifyIfEmpty();
  }

  private validRecipient(address: string): boolean {
    if (isMailAddress(address)) return true;
    this.rateLimited.log(LogLevel.WARN, 'bad-recipient', `Mail recipient ${quoted(address)} is not a valid address, not sent to it`);
    return false;
  }

  private enqueue(to: string[], alert: Alert): void {
    const mail: QueuedMail = { to, subject: subjectLine(alert.subject), body: alert.body };
    if (this.queue.length >= this.queueLimit) {
      this.dropped++;
      this.rateLimited.log(
        LogLevel.ERR,
        'queue-full',
        `Mail queue full (${this.queueLimit} mails), ${mailNamed(mail)} dropped (${this.dropped} dropped so far)`,
      );
      return;
    }
    this.queue.push(mail);
    this.pump();
  }

  /** Start delivering the head of the queue unless a delivery or a retry wait is under way. */
  private pump(): void {
    if (this.closed || this.delivering || this.retryTimer !== null || this.queue.length === 0) return;
    const mail = this.queue[0];
    this.delivering = true;
    this.transporter.sendMail({ from: this.plan.from, to: mail.to, subject: mail.subject, text: mail.body }).then(
      (info: { rejected?: unknown[] }) => this.delivered(mail, info.rejected ?? []),
      (err: unknown) => this.failed(mail, err),
    );
  }

  private delivered(mail: QueuedMail, rejected: unknown[]): void {
    this.delivering = false;
    if (this.closed) return;
    this.queue.shift();
    if (this.failures > 0) {
      this.log.notice(`Mail through ${this.plan.description} delivered again after ${this.failures} failed attempts`);
      this.rateLimited.clear('failure');
    }
    this.failures = 0;
    this.backoff.reset();
    if (rejected.length > 0) this.log.warn(`Mail server refused recipients ${rejected.map(String).map(quoted).join(', ')} of ${mailNamed(mail)}`);
    this.log.debug(`Sent ${mailNamed(mail)}`);
    this.next();
  }

  private failed(mail: QueuedMail, err: unknown): void {
    this.delivering = false;
    if (this.closed) return;
    if (rejectsThisMail(err)) {
      this.queue.shift();
      this.log.error(`Mail server refused ${mailNamed(mail)}: ${errorText(err)}; dropped`);
      this.next();
      return;
    }
    this.failures++;
    const delayMs = this.backoff.next();
    const message = `Can't send mail through ${this.plan.description} (${errorText(err)}), ${this.queue.length} mails waiting, next try in ${delayMs / 1000} s`;
    this.rateLimited.log(LogLevel.ERR, 'failure', message);
    // unref: waiting to retry must not keep the process alive; shutdown goes through drain
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.pump();
    }, delayMs).unref();
  }

  private next(): void {
    this.notifyIfEmpty();
    this.pump();
  }

  private notifyIfEmpty(): void {
    if (this.queue.length > 0) return;
    for (const done of [...this.whenEmpty]) done();
  }

  private logLeftOver(): void {
    const named = this.queue.slice(0, LEFT_OVER_NAMED).map(mailNamed);
    const more = this.queue.length - named.length;
    this.log.error(`${this.queue.length} mails not sent at shutdown: ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`);
  }
}
