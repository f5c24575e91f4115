/**
 * The console chat: what `npm start` opens when no platform token is set.
 * Type a question, read the answer, its article and passage; `/more` shows
 * other matches for the last question, `/sources` the articles, `/help` help;
 * `/exit` or Ctrl-D leaves.
 *
 * ```ts
 * const running = await start({ chat, log, env }, { input: process.stdin, output: process.stdout });
 * await running.done;
 * ```
 */
import { createInterface } from 'node:readline';
import type { AdapterContext, RunningAdapter } from '../types.ts';
import { renderPlain } from '../../src/chat/plain.ts';
import type { Reply } from '../../src/chat/reply.ts';
import type { Lang } from '../../src/types.ts';
import { t } from '../../src/chat/texts.ts';

export interface ConsoleIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { isTTY?: boolean };
}

export async function start(ctx: AdapterContext, io: ConsoleIo = { input: process.stdin, output: process.stdout }): Promise<RunningAdapter> {
  const color = io.output.isTTY === true && !ctx.env.NO_COLOR;
  const style = color
    ? { bold: (s: string) => `\x1b[1m${s}\x1b[22m`, dim: (s: string) => `\x1b[2m${s}\x1b[22m` }
    : {};
  const write = (s: string) => io.output.write(`${s}\n`);
  const show = (r: Reply) => {
    const text = renderPlain(r, style);
    if (text) write(`${text}\n`);
  };
  let lang: Lang = 'ar';
  let asked = false;
  let lastOthers: string | undefined;

  show(ctx.chat.help(lang, true));
  write('(/help, /sources, /more, /exit)');
  const rl = createInterface({ input: io.input, output: io.output, terminal: io.output.isTTY === true, prompt: '؟ ' });
  const done = new Promise<void>((resolve) => rl.once('close', () => resolve()));
  rl.prompt();
  rl.on('line', (line) => {
    const text = line.trim();
    try {
      if (text === '/exit' || text === '/quit') {
        rl.close();
        return;
      }
      if (text === '/help' || text === '/start') show(ctx.chat.help(lang));
      else if (text === '/sources') show(ctx.chat.sources(lang));
      else if (text === '/more') {
        if (lastOthers) show(ctx.chat.otherMatches(lastOthers, lang));
        else if (asked) write(`${t(lang).noOtherMatches}\n`);
        else show(ctx.chat.help(lang));
      } else if (text) {
        const reply = ctx.chat.ask({ user: 'console', chat: 'console', text });
        if (reply.type !== 'silent') lang = reply.lang;
        if (reply.type === 'answer') {
          asked = true;
          lastOthers = reply.othersKey;
        }
        show(reply);
      }
    } catch (e) {
      ctx.log.error({ err: e }, 'console question failed');
      show(ctx.chat.notice(lang, 'error'));
    }
    rl.prompt();
  });
  return {
    name: 'console',
    done,
    async stop() {
      rl.close();
    },
  };
}
