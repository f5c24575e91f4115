import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/chat/rate-limit.ts';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('rate limiter (sliding window, injected clock)', () => {
  it('allows N, tells the user once, then stays silent until the window has room', () => {
    const c = clock();
    const limit = new RateLimiter({ max: 3, windowMs: 60_000, now: c.now });
    expect([limit.check('u'), limit.check('u'), limit.check('u')]).toEqual(['ok', 'ok', 'ok']);
    expect(limit.check('u')).toBe('notify');
    expect(limit.check('u')).toBe('silent');
    expect(limit.check('u')).toBe('silent');
    c.advance(60_000);
    expect(limit.check('u')).toBe('ok');
  });

  it('the window slides: room comes back one question at a time', () => {
    const c = clock();
    const limit = new RateLimiter({ max: 2, windowMs: 10_000, now: c.now });
    limit.check('u'); // t=0
    c.advance(4_000);
    limit.check('u'); // t=4s
    expect(limit.check('u')).toBe('notify');
    c.advance(6_000); // t=10s: the first question left the window, the second not yet.
    expect(limit.check('u')).toBe('ok');
    expect(limit.check('u')).toBe('notify');
  });

  it('after being allowed again, a user who overdoes it is told again', () => {
    const c = clock();
    const limit = new RateLimiter({ max: 1, windowMs: 1_000, now: c.now });
    expect(limit.check('u')).toBe('ok');
    expect(limit.check('u')).toBe('notify');
    c.advance(1_000);
    expect(limit.check('u')).toBe('ok');
    expect(limit.check('u')).toBe('notify');
  });

  it('each user has their own window', () => {
    const c = clock();
    const limit = new RateLimiter({ max: 1, windowMs: 60_000, now: c.now });
    expect(limit.check('telegram:1')).toBe('ok');
    expect(limit.check('telegram:1')).toBe('notify');
    expect(limit.check('discord:1')).toBe('ok');
  });

  it('says how long to wait, in whole seconds', () => {
    const c = clock();
    const limit = new RateLimiter({ max: 1, windowMs: 60_000, now: c.now });
    expect(limit.retryAfterSeconds('u')).toBe(0);
    limit.check('u');
    c.advance(10_500);
    expect(limit.retryAfterSeconds('u')).toBe(50);
    c.advance(49_999);
    expect(limit.retryAfterSeconds('u')).toBe(1);
  });

  it('forgets the least recent users past maxUsers (bounded memory)', () => {
    const c = clock();
    const limit = new RateLimiter({ max: 1, windowMs: 60_000, now: c.now, maxUsers: 2 });
    limit.check('a');
    limit.check('b');
    limit.check('c'); // 'a' is forgotten.
    expect(limit.check('a')).toBe('ok');
  });
});
