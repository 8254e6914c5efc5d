// Passive check results for Icinga 2 through its REST API
// (POST /v1/actions/process-check-result), without ever holding up event
// processing: a result is queued and the call returns; a few requests run at
// once; an API that is down or busy (503) is retried with capped backoff; an
// object Icinga does not know (404) is reported once and its results
// dropped. Results for one object are sent one at a time, in the order
// given, so the last state submitted is the state Icinga ends up with.
//
// The object is named in the request body (`"service": "HOST!SERVICE"`,
// `"host": "HOST"`), not with a filter expression: Icinga 2 forbids '!' in
// object names, so the name is unambiguous and nothing in a host or service
// name (quotes, backslashes, operators) is ever evaluated by the API.
import type { ClientRequest } from 'node:http';
import type https from 'node:https';
import type { Logger } from '../log/logger.js';
import { errnoText } from '../log/strerror.js';
import { builtin } from '../modules/onDemand.js';
import { Backoff } from './backoff.js';
import { type Icinga2ApiConfig, readIcinga2ApiConfig } from './icinga2Config.js';
import { defaultCa } from './tlsTrust.js';

const loadHttps = builtin<typeof https>('node:https');

/** Host, service, output and performance data are byte strings, as the engine keeps all text (see utf8Text). */
export interface ServiceResult {
  host: string;
  service: string;
  /** 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
  exitStatus: number;
  output: string;
  /** Performance data items, e.g. ['failures=3;;;0']. */
  perfdata?: string[];
}

export interface HostResult {
  host: string;
  /** 0 UP, 1 DOWN (Icinga 2 refuses any other host status with a 400). */
  exitStatus: number;
  output: string;
  perfdata?: string[];
}

export interface Icinga2ApiTuning {
  /** Results waiting beyond this many push out the oldest. */
  queueLimit: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Delay before the first retry of a failed request (then doubling). */
  retryInitialMs: number;
  /** Cap of the retry delay. */
  retryMaxMs: number;
  /** A request with no answer for this long is a transport error. */
  requestTimeoutMs: number;
}

export const DEFAULT_ICINGA2_API_TUNING: Icinga2ApiTuning = {
  queueLimit: 10_000,
  concurrency: 4,
  retryInitialMs: 1_000,
  retryMaxMs: 60_000,
  requestTimeoutMs: 15_000,
};

/** One result on its way: the object it is for and the request body. */
interface Submission {
  object: string;
  body: string;
}

/** What becomes of a submission once the API has answered with an HTTP status. */
type Outcome = 'delivered' | 'retry' | 'unknown-object' | 'access-denied' | 'refused';

/** Statuses that say "not now" rather than "no": the API (or a proxy before it) is starting, reloading or overloaded. */
const RETRIED_STATUSES = new Set([502, 503, 504]);
const ACCESS_STATUSES = new Set([401, 403]);

function outcomeOf(status: number): Outcome {
  if (status >= 200 && status < 300) return 'delivered';
  if (RETRIED_STATUSES.has(status)) return 'retry';
  if (status === 404) return 'unknown-object';
  if (ACCESS_STATUSES.has(status)) return 'access-denied';
  return 'refused';
}

/** The most an answer's body is read: Icinga's answers to this action are a few hundred bytes. */
const MAX_ANSWER_BYTES = 64 * 1024;

export class Icinga2ApiSink {
  private readonly endpoint: URL;
  private readonly authorization: string;
  private readonly checkSource: string | undefined;
  private readonly agent: https.Agent;
  private readonly tuning: Icinga2ApiTuning;
  private readonly backoff: Backoff;
  private queue: Submission[] = [];
  private readonly inFlight = new Map<Submission, ClientRequest>();
  /** Objects with a request in flight: their next result waits for it. */
  private readonly busyObjects = new Set<string>();
  /** Objects the API said it does not know, reported once each. */
  private readonly unknownObjects = new Set<string>();
  private retryTimer: NodeJS.Timeout | null = null;
  /** Why the API could not be reached, while it cannot: reported once per outage. */
  private outage: string | null = null;
  /** Whether an authentication or permission failure was reported since the last delivery. */
  private accessReported = false;
  /** Results pushed out of the full queue since that was last reported. */
  private dropped = 0;
  private readonly idleWaiters = new Set<() => void>();
  private closed = false;

  /** Throws an Error listing the problems when the configuration is unusable (checkIcinga2ApiConfig finds them first). */
  constructor(
    config: Icinga2ApiConfig,
    private readonly log: Logger,
    tuning: Partial<Icinga2ApiTuning> = {},
  ) {
    const settings = readIcinga2ApiConfig(config);
    if (Array.isArray(settings)) throw new Error(settings.join('; '));
    this.endpoint = settings.endpoint;
    this.authorization = settings.authorization;
    this.checkSource = settings.checkSource;
    this.tuning = { ...DEFAULT_ICINGA2_API_TUNING, ...tuning };
    this.backoff = new Backoff({ initialMs: this.tuning.retryInitialMs, maxMs: this.tuning.retryMaxMs });
    // certificate verification stays on: an unverified API would take our password
    this.agent = new (loadHttps().Agent)({ keepAlive: true, maxSockets: this.tuning.concurrency, ca: settings.ca ?? defaultCa() });
  }

  serviceResult(result: ServiceResult): void {
    const object = `${result.host}!${result.service}`;
    this.submit(object, { type: 'Service', service: utf8Text(object) }, result);
  }

  hostResult(result: HostResult): void {
    this.submit(result.host, { type: 'Host', host: utf8Text(result.host) }, result);
  }

  /** Results not delivered yet (waiting or in flight). */
  get pending(): number {
    return this.queue.length + this.inFlight.size;
  }

  /**
   * Wait until every result is delivered (or given up), at most `graceMs`;
   * resolves to how many are still pending. A retry that is waiting out its
   * backoff is tried at once: the process is about to end.
   */
  drain(graceMs: number): Promise<number> {
    if (this.pending === 0 || this.closed) return Promise.resolve(this.pending);
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.pump();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.idleWaiters.delete(done);
        resolve(this.pending);
      };
      const timer = setTimeout(done, graceMs);
      this.idleWaiters.add(done);
    });
  }

  /** Stop: requests in flight are abandoned, waiting results discarded (and counted in the log). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const left = this.pending;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    for (const request of this.inFlight.values()) request.destroy();
    this.inFlight.clear();
    this.queue = [];
    this.agent.destroy();
    this.reportDropped();
    if (left > 0) this.log.warn(`Icinga 2 API: ${left} check result(s) not delivered to ${this.endpoint.origin}`);
    this.wakeIdleWaiters();
  }

  /** `object` names the object in the log; `target` names it in the request. */
  private submit(object: string, target: Record<string, string>, result: ServiceResult | HostResult): void {
    if (this.closed) {
      this.log.debug(`Icinga 2 API: result for '${object}' after close, dropped`);
      return;
    }
    const body = JSON.stringify({
      ...target,
      exit_status: result.exitStatus,
      plugin_output: utf8Text(result.output),
      ...(result.perfdata?.length ? { performance_data: result.perfdata.map(utf8Text) } : {}),
      ...(this.checkSource === undefined ? {} : { check_source: this.checkSource }),
    });
    if (this.queue.length >= this.tuning.queueLimit) {
      // the newest result says most about an object's state now
      this.queue.shift();
      if (this.dropped++ === 0) this.log.warn(`Icinga 2 API: queue full (${this.tuning.queueLimit} check results), dropping the oldest`);
    }
    this.queue.push({ object, body });
    this.pump();
  }

  /** Start requests while there is room, each for an object with none in flight. */
  private pump(): void {
    if (this.closed || this.retryTimer !== null) return;
    while (this.inFlight.size < this.tuning.concurrency) {
      const next = this.queue.findIndex((s) => !this.busyObjects.has(s.object));
      if (next < 0) return;
      const [submission] = this.queue.splice(next, 1);
      this.send(submission);
    }
  }

  private send(submission: Submission): void {
    let settled = false;
    const settle = (status: number | null, detail: string): void => {
      if (settled || this.closed) return;
      settled = true;
      this.inFlight.delete(submission);
      this.busyObjects.delete(submission.object);
      this.settled(submission, status, detail);
    };
    const request = loadHttps().request(this.endpoint, {
      method: 'POST',
      agent: this.agent,
      timeout: this.tuning.requestTimeoutMs,
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(submission.body),
        Authorization: this.authorization,
      },
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${this.tuning.requestTimeoutMs} ms`)));
    request.on('error', (e) => settle(null, errnoText(e)));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
      });
      response.on('error', (e) => settle(null, errnoText(e)));
      response.on('end', () => settle(response.statusCode ?? 0, answerStatus(Buffer.concat(chunks).toString('utf8'))));
    });
    this.inFlight.set(submission, request);
    this.busyObjects.add(submission.object);
    request.end(submission.body);
  }

  /** An answer (`status`), or a transport failure (`status` null): deliver, retry or drop, and tell the log what matters. */
  private settled(submission: Submission, status: number | null, detail: string): void {
    const outcome: Outcome = status === null ? 'retry' : outcomeOf(status);
    const answer = status === null ? detail : `${status}${detail === '' ? '' : ` ${detail}`}`;
    if (outcome === 'retry') this.retryLater(submission, answer);
    else this.answered(submission, outcome, answer);
    if (this.queue.length < this.tuning.queueLimit) this.reportDropped();
    this.pump();
    if (this.pending === 0) this.wakeIdleWaiters();
  }

  /** The API answered for good: whatever it said, this result is done with. */
  private answered(submission: Submission, outcome: Exclude<Outcome, 'retry'>, answer: string): void {
    this.backoff.reset();
    if (this.outage !== null) this.log.notice(`Icinga 2 API at ${this.endpoint.origin} answers again`);
    this.outage = null;
    const { object } = submission;
    switch (outcome) {
      case 'delivered':
        this.unknownObjects.delete(object);
        this.accessReported = false;
        this.log.debug(`Icinga 2 API: check result for '${object}' delivered`);
        return;
      case 'unknown-object':
        if (this.unknownObjects.has(object)) return;
        this.unknownObjects.add(object);
        this.log.warn(`Icinga 2 API: no object '${object}' (${answer}); its check results are dropped`);
        return;
      case 'access-denied':
        if (this.accessReported) return;
        this.accessReported = true;
        this.log.error(
          `Icinga 2 API refused user access (${answer}): check the API user, its password file and its permissions (actions/process-check-result); check results are dropped`,
        );
        return;
      case 'refused':
        this.log.error(`Icinga 2 API refused the check result for '${object}' (${answer})`);
        return;
    }
  }

  /** The API could not be reached or asked us to come back: the result goes first in line, after a backoff. */
  private retryLater(submission: Submission, reason: string): void {
    this.queue.unshift(submission);
    if (this.retryTimer !== null) return;
    const delay = this.backoff.next();
    if (this.outage === null) this.log.warn(`Icinga 2 API at ${this.endpoint.origin} unavailable (${reason}); check results wait and are retried`);
    else this.log.debug(`Icinga 2 API still unavailable (${reason}); retry in ${delay} ms`);
    this.outage = reason;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.pump();
    }, delay);
    // waiting results alone do not keep the process alive (drain does, for its grace period)
    this.retryTimer.unref();
  }

  private reportDropped(): void {
    if (this.dropped === 0) return;
    this.log.warn(`Icinga 2 API: ${this.dropped} check result(s) dropped while the queue was full`);
    this.dropped = 0;
  }

  private wakeIdleWaiters(): void {
    for (const wake of [...this.idleWaiters]) wake();
  }
}

/**
 * The engine keeps text as bytes (one latin1 character per byte, as read
 * from the logs); the API takes JSON, which is UTF-8 text. Bytes that are
 * UTF-8 arrive as the characters they spell, others as U+FFFD.
 */
function utf8Text(bytes: string): string {
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** The API's own words from an answer's body ({"status": ...} or {"results": [{"status": ...}]}), for the log. */
function answerStatus(body: string): string {
  try {
    const answer = JSON.parse(body) as { status?: unknown; results?: { status?: unknown }[] };
    const status = answer.status ?? answer.results?.[0]?.status;
    return typeof status === 'string' ? status : '';
  } catch {
    return '';
  }
}
