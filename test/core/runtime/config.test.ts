import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, coreConfig, matching, PROJECT_DIR } from '../../../src/runtime/config.ts';
import { ROOT } from '../helpers.ts';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has sensible defaults with an empty environment', () => {
    const c = coreConfig({});
    expect(c.knowledgeDir).toBe(path.join(ROOT, 'knowledge'));
    expect(PROJECT_DIR).toBe(ROOT);
    expect(c).toMatchObject({ logLevel: undefined, maxQuestionChars: 500, rateLimit: 10, rateWindowSeconds: 60 });
  });

  it('reads valid values, trimmed, and log levels in any case', () => {
    const c = coreConfig({ SANAD_RATE_LIMIT: ' 3 ', SANAD_RATE_WINDOW_SECONDS: '30', LOG_LEVEL: 'DEBUG', SANAD_KNOWLEDGE_DIR: 'test/fixtures/knowledge' });
    expect(c).toMatchObject({ rateLimit: 3, rateWindowSeconds: 30, logLevel: 'debug' });
    expect(path.isAbsolute(c.knowledgeDir)).toBe(true);
  });

  it('an empty value counts as not set', () => {
    expect(coreConfig({ SANAD_RATE_LIMIT: '', LOG_LEVEL: '  ' })).toMatchObject({ rateLimit: 10, logLevel: undefined });
  });

  it('a wrong value names the variable, what is expected and what was given', () => {
    for (const [name, value] of [
      ['SANAD_RATE_LIMIT', 'abc'],
      ['SANAD_RATE_LIMIT', '0'],
      ['SANAD_RATE_LIMIT', '2.5'],
      ['SANAD_RATE_LIMIT', '-1'],
      ['SANAD_MAX_QUESTION_CHARS', '999999'],
      ['SANAD_RATE_WINDOW_SECONDS', 'soon'],
      ['LOG_LEVEL', 'loud'],
    ] as const) {
      const e = configError(() => coreConfig({ [name]: value }));
      expect(e.variable).toBe(name);
      expect(e.message).toContain(name);
      expect(e.message).toContain('expected');
      expect(e.message).toContain(`"${value}"`);
    }
  });

  it('never repeats a wrong token value in the message', () => {
    const e = configError(() => matching({ TELEGRAM_BOT_TOKEN: 'not-a-token-value' }, 'TELEGRAM_BOT_TOKEN', /^\d+:[\w-]+$/, 'a bot token from @BotFather'));
    expect(e.message).toContain('TELEGRAM_BOT_TOKEN');
    expect(e.message).not.toContain('not-a-token-value');
  });
});
