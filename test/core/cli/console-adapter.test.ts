/**
 * The console adapter in-process (adapters/console), with its input and output
 * as streams: the corners of the conversation that need no new process.
 */
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { start } from '../../../adapters/console/index.ts';
import { ChatService } from '../../../src/chat/chat.ts';
import { t } from '../../../src/chat/texts.ts';
import { silentLogger } from '../../../src/runtime/log.ts';
import { Sanad } from '../../../src/engine/sanad.ts';
import { fixtureArticles } from '../helpers.ts';

let engine: Sanad;
beforeAll(async () => {
  engine = Sanad.fromArticles(await fixtureArticles());
});

/** Starts the console on streams; `say` types a line and resolves with what was printed for it. */
async function consoleChat() {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (d) => (printed += d));
  const running = await start({ chat: new ChatService(engine), log: silentLogger(), env: {} }, { input, output });
  const settle = () => new Promise((r) => setImmediate(r));
  await settle();
  return {
    running,
    async say(line: string): Promise<string> {
      const before = printed.length;
      input.write(`${line}\n`);
      await settle();
      return printed.slice(before);
    },
    end: () => input.end(),
  };
}

describe('console adapter', () => {
  it('answers, then /more shows other matches for that question', async () => {
    const c = await consoleChat();
    const q = 'كم تبلغ الطاقة الإنتاجية لمحطة التحلية؟';
    expect(engine.ask(q).others.length).toBeGreaterThan(0);
    expect(await c.say(q)).toContain('150 ألف');
    const more = await c.say('/more');
    expect(more).toMatch(/^1\. /m);
    expect(more).not.toContain('وتبلغ الطاقة الإنتاجية للمحطة');
    await c.running.stop();
    await c.running.done;
  });

  it('follows the language of the last question for commands', async () => {
    const c = await consoleChat();
    await c.say('Combien de vélos compte le réseau ?');
    expect(await c.say('/sources')).toContain(t('fr').sourcesTitle);
    expect(await c.say('/help')).toContain(t('fr').help);
    c.end();
    await c.running.done;
  });

  it('Ctrl-D (end of input) ends the chat', async () => {
    const c = await consoleChat();
    c.end();
    await expect(c.running.done).resolves.toBeUndefined();
  });

  it('/more after an answer without other matches says there are none', async () => {
    const q = 'كم طنا من الزيتون جمعت التعاونيات؟';
    expect(engine.ask(q).others).toEqual([]);
    const c = await consoleChat();
    expect(await c.say(q)).toContain('800');
    const more = await c.say('/more');
    expect(more).toContain(t('ar').noOtherMatches);
    expect(more).not.toContain(t('ar').expired);
    c.end();
    await c.running.done;
  });
});
