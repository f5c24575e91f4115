/**
 * Long polling, with telegraf's own HTTP client and update handling but our
 * own loop, because telegraf 4.16's loop (inside `launch()`) gives up or
 * stalls where a bot that must stay up should not:
 *
 * - after a 5xx or a dropped connection it always waits a fixed 5 s; here the
 *   wait starts at `firstMs` and doubles on each consecutive failure up to
 *   `maxMs` (a 429 waits its `retry_after`);
 * - a 401 or 409 (token revoked, another copy of the bot polling, a webhook
 *   set) ends its loop for good; here they are logged as errors and polling
 *   goes on with the same backoff, so the bot comes back by itself once the
 *   other copy is gone or the webhook removed;
 * - every failure is logged (telegraf only writes to its `debug` channel).
 *
 * Updates are handled one batch at a time, in order; the offset moves past a
 * batch only once it has been handled, and `stop()` confirms it to Telegram
 * (as telegraf does), so no update is handled twice or lost across a restart.
 *
 * ```ts
 * const poller = new Poller(bot.telegram, (updates) => handleAll(updates), log, { allowedUpdates: ['message'] });
 * poller.start();
 * await poller.stop();
 * ```
 */
import type { Telegram, Types } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Logger } from '../../src/runtime/log.ts';
import { describeFailure, type CallFailure } from './send.ts';

export interface Backoff {
  /** Wait after the first failure, in ms. */
  firstMs: number;
  /** Longest wait, in ms. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { firstMs: 500, maxMs: 30_000 };

/** The wait before try number `failures + 1`: `firstMs`, doubling, capped at `maxMs`; a 429's `retry_after` wins. */
export function retryDelay(failures: number, backoff: Backoff, failure?: CallFailure): number {
  if (failure?.status === 429 && failure.retryAfter !== undefined) return Math.max(1, failure.retryAfter) * 1000;
  return Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, failures - 1));
}

export interface PollerOptions {
  /** Update types to receive (Telegram's allowed_updates). */
  allowedUpdates: Types.UpdateType[];
  /** Long-poll timeout in seconds. Default 50, as telegraf. */
  timeoutSeconds?: number;
  backoff?: Backoff;
}

export class Poller {
  private offset = 0;
  private readonly controller = new AbortController();
  private loopDone: Promise<void> | undefined;

  constructor(
    private readonly telegram: Telegram,
    private readonly handle: (updates: Update[]) => Promise<void>,
    private readonly log: Logger,
    private readonly options: PollerOptions,
  ) {}

  start(): void {
    this.loopDone ??= this.loop();
  }

  /** Ends the hanging long poll, waits for the batch being handled, and confirms the offset to Telegram. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.loopDone;
    if (this.offset === 0) return;
    try {
      await this.telegram.callApi('getUpdates', { offset: this.offset, limit: 1, timeout: 0 });
      this.log.debug({ offset: this.offset }, 'confirmed the last handled update');
    } catch (e) {
      this.log.warn({ failure: describeFailure(e) }, 'could not confirm the last handled update; it may be handled again at next start');
    }
  }

  private async loop(): Promise<void> {
    const signal = this.controller.signal;
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    let failures = 0;
    this.log.debug('long polling started');
    while (!signal.aborted) {
      let updates: Update[];
      const timeout = this.options.timeoutSeconds ?? 50;
      // Aborted by stop(), or when the long poll outlives its timeout by far (a connection that hangs
      // without closing). One controller per request, held here (not AbortSignal.any, whose composite
      // signals Node may collect while a request still needs them).
      const request = new AbortController();
      const abort = () => request.abort();
      signal.addEventListener('abort', abort, { once: true });
      const hung = setTimeout(abort, (timeout + 15) * 1000);
      try {
        updates = await this.telegram.callApi(
          'getUpdates',
          { timeout, offset: this.offset, allowed_updates: this.options.allowedUpdates },
          // telegraf types the signal with its abort-controller shim; node-fetch takes the standard one.
          { signal: request.signal as never },
        );
      } catch (error) {
        if (signal.aborted) break;
        failures++;
        const failure = describeFailure(error);
        const wait = retryDelay(failures, backoff, failure);
        const why =
          failure.status === 401
            ? 'Telegram refused the token (revoked in @BotFather?)'
            : failure.status === 409
              ? 'another copy of the bot is polling with this token, or a webhook is set'
              : failure.status === 429
                ? 'rate limited by Telegram'
                : 'Telegram or the network failed';
        const level = failure.status === 401 || failure.status === 409 ? 'error' : 'warn';
        this.log[level]({ failure, failures, retryInMs: wait }, `getUpdates failed: ${why}; polling again in ${wait} ms`);
        await sleep(wait, signal);
        continue;
      } finally {
        clearTimeout(hung);
        signal.removeEventListener('abort', abort);
      }
      if (failures > 0) this.log.info({ failures }, 'polling again after failures');
      failures = 0;
      if (updates.length === 0) continue;
      try {
        await this.handle(updates);
      } catch (e) {
        this.log.error({ err: e }, 'a batch of updates failed');
      }
      this.offset = updates[updates.length - 1].update_id + 1;
    }
    this.log.debug('long polling stopped');
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
