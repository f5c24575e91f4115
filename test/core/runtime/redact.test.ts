import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactDeep, registerSecret } from '../../../src/runtime/redact.ts';

// Fake tokens, shaped like the real ones; none of them was ever valid.
// Obviously fake tokens, put together at run time so that secret scanners do not flag the repository.
const TELEGRAM = ['7000000001', 'AAFakeTelegramTokenForSanadTests_x1'].join(':');
const DISCORD = ['MTAwMDAwMDAwMDAwMDAwMDAx', 'GaBcDe', 'FakeDiscordTokenForSanadTests_abc'].join('.');
const ODD_SECRET = 'p@ss/word+with=odd&chars';

describe('redact', () => {
  registerSecret(ODD_SECRET);
  registerSecret('sanad-registered-secret-42');

  it('removes a registered secret wherever it appears, every time it appears', () => {
    const out = redact('a sanad-registered-secret-42 b sanad-registered-secret-42 c');
    expect(out).toBe(`a ${REDACTED} b ${REDACTED} c`);
  });

  it('removes the URL-encoded form of a registered secret (as HTTP clients put it in URLs)', () => {
    const encoded = encodeURIComponent(ODD_SECRET);
    expect(encoded).not.toBe(ODD_SECRET);
    const out = redact(`GET https://api.example.org/bot${encoded}/getMe failed; raw ${ODD_SECRET}`);
    expect(out).not.toContain(encoded);
    expect(out).not.toContain(ODD_SECRET);
    expect(out).toContain('https://api.example.org/bot');
  });

  it('removes Telegram- and Discord-shaped tokens even when nobody registered them', () => {
    const tg = redact(`TELEGRAM_BOT_TOKEN=${TELEGRAM} was refused`);
    expect(tg).toBe(`TELEGRAM_BOT_TOKEN=${REDACTED} was refused`);
    const dc = redact(`Authorization: Bot ${DISCORD}`);
    expect(dc).not.toContain(DISCORD);
    expect(dc).toBe(`Authorization: Bot ${REDACTED}`);
  });

  // In a Bot API URL the token follows "bot" with no word boundary (…/bot7000000001:AA…/getUpdates).
  it('removes an unregistered Telegram token inside a Bot API URL', () => {
    const tg = redact(`request to https://api.telegram.org/bot${TELEGRAM}/getUpdates failed`);
    expect(tg).not.toContain('AAFakeTelegramToken');
    expect(tg).toBe(`request to https://api.telegram.org/bot${REDACTED}/getUpdates failed`);
  });

  it('leaves ordinary text alone, Arabic included', () => {
    const text = 'متى ستقام كأس العالم؟ 21 نونبر 2022، 6000 رجل. id 12345:short';
    expect(redact(text)).toBe(text);
  });

  it('ignores empty and very short "secrets", which would redact ordinary words', () => {
    registerSecret(undefined);
    registerSecret('');
    registerSecret('abc');
    expect(redact('abc abc')).toBe('abc abc');
  });

  it('redactDeep copies objects, arrays and errors with every string redacted', () => {
    const err = new Error(`connect failed for ${DISCORD}`);
    const value = {
      url: `https://discord.com/api/v10/gateway?token=${encodeURIComponent(ODD_SECRET)}&t=${TELEGRAM}`,
      list: ['ok', `token=${ODD_SECRET}`],
      nested: { n: 1, err },
    };
    const copy = redactDeep(value) as typeof value & { nested: { err: { message: string; stack: string } } };
    const json = JSON.stringify(copy);
    expect(json).not.toContain(TELEGRAM);
    expect(json).not.toContain(DISCORD);
    expect(json).not.toContain(ODD_SECRET);
    expect(json).not.toContain(encodeURIComponent(ODD_SECRET));
    expect(copy.nested.n).toBe(1);
    expect(copy.nested.err.message).toBe(`connect failed for ${REDACTED}`);
    expect(copy.nested.err.stack).not.toContain(DISCORD);
    // The original is untouched.
    expect(value.url).toContain(TELEGRAM);
    expect(err.message).toContain(DISCORD);
  });
});
