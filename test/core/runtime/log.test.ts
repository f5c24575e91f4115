import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/runtime/log.ts';
import { registerSecret } from '../../../src/runtime/redact.ts';

// A fake token, registered as the bot's configured token would be.
const TOKEN = 'sanad-log-test-token-9f3c2a';
registerSecret(TOKEN);

function capture(level: 'info' | 'debug' | 'warn' = 'debug') {
  const chunks: string[] = [];
  const dest = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const log = createLogger({ level, destination: dest });
  return {
    log,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('the logger never writes a registered token', () => {
  it('in the message, in fields, in format arguments', () => {
    const c = capture();
    c.log.info(`polling with ${TOKEN}`);
    c.log.info({ url: `https://api.telegram.org/bot${TOKEN}/getMe`, list: [TOKEN] }, 'request');
    c.log.info('token %s and %o', TOKEN, { t: TOKEN });
    c.log.warn({ headers: { authorization: `Bot ${TOKEN}` } }, `retrying ${encodeURIComponent(TOKEN)}`);
    expect(c.lines()).toHaveLength(4);
    expect(c.text()).not.toContain(TOKEN);
    expect(c.text()).toContain('[redacted]');
  });

  it('inside an Error’s message and stack, logged as { err } or on its own', () => {
    const c = capture();
    const err = new Error(`401 Unauthorized: https://api.telegram.org/bot${TOKEN}/getUpdates`);
    c.log.error({ err }, 'telegram failed');
    c.log.error(err);
    c.log.error({ error: new TypeError(`bad token ${TOKEN}`) }, 'other field name');
    const text = c.text();
    expect(text).not.toContain(TOKEN);
    const [first] = c.lines();
    const logged = first.err as { message: string; stack: string };
    expect(logged.message).toContain('401 Unauthorized');
    expect(logged.stack).toContain('401 Unauthorized');
  });

  it('writes structured JSON lines and respects the level', () => {
    const c = capture('info');
    c.log.debug('not shown');
    c.log.info({ articles: 2 }, 'knowledge loaded');
    const lines = c.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'knowledge loaded', articles: 2 });
  });

  // Bindings of a child logger are redacted too.
  it('in the bindings of a child logger', () => {
    const c = capture();
    c.log.child({ url: `https://api.telegram.org/bot${TOKEN}/` }).info('child says hi');
    expect(c.text()).toContain('child says hi');
    expect(c.text()).not.toContain(TOKEN);
  });

  // A token nested deep in an error's details (HTTP client errors nest deeply) is redacted.
  it('deep inside a nested object', () => {
    const c = capture();
    const deep = { a: { b: { c: { d: { e: { f: { g: { h: { url: `https://x/bot${TOKEN}` } } } } } } } } };
    c.log.error({ details: deep }, 'deep');
    expect(c.text()).toContain('"msg":"deep"');
    expect(c.text()).not.toContain(TOKEN);
  });
});
