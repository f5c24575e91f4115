/**
 * A per-user sliding-window rate limit, shared by every adapter.
 *
 * ```ts
 * const limit = new RateLimiter({ max: 10, windowMs: 60_000 });
 * const verdict = limit.check('telegram:42'); // 'ok' | 'notify' | 'silent'
 * ```
 *
 * The first question over the limit gets `'notify'` (tell the user once),
 * the next ones `'silent'` until the window has room again.
 */
export interface RateLimitOptions {
  /** Questions a user may ask per window. */
  max: number;
  /** Window length in milliseconds. */
  windowMs: number;
  /** Clock, for tests. */
  now?: () => number;
  /** Users tracked at most; the least recent are forgotten first. Default 100,000. */
  maxUsers?: number;
}

export type RateVerdict = 'ok' | 'notify' | 'silent';

export class RateLimiter {
  private readonly users = new Map<string, { times: number[]; notified: boolean }>();
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Records a question by `user` and says whether to answer it. */
  check(user: string): RateVerdict {
    const now = this.now();
    let u = this.users.get(user);
    if (u) this.users.delete(user); // Re-insert: most recent last.
    else u = { times: [], notified: false };
    this.users.set(user, u);
    const since = now - this.options.windowMs;
    while (u.times.length && u.times[0] <= since) u.times.shift();
    if (u.times.length < this.options.max) {
      u.times.push(now);
      u.notified = false;
      this.evict();
      return 'ok';
    }
    if (u.notified) return 'silent';
    u.notified = true;
    return 'notify';
  }

  /** Seconds until `user` may ask again (0 when they may now). */
  retryAfterSeconds(user: string): number {
    const u = this.users.get(user);
    if (!u || u.times.length < this.options.max) return 0;
    return Math.max(1, Math.ceil((u.times[0] + this.options.windowMs - this.now()) / 1000));
  }

  private evict(): void {
    const max = this.options.maxUsers ?? 100_000;
    while (this.users.size > max) {
      const oldest = this.users.keys().next().value as string;
      this.users.delete(oldest);
    }
  }
}
