/**
 * The `sanad` command line: `ask`, `check` and `eval`. (`start`, which runs
 * the bot, lives with the adapters: `adapters/main.ts`.)
 *
 * ```sh
 * npx sanad ask "متى يبدأ كأس العالم؟"
 * npx sanad ask --json < questions.txt
 * npx sanad check --knowledge ./knowledge
 * npx sanad eval ../shared/data/xquad-ar/xquad.ar.json
 * ```
 *
 * Standard output carries only answers (with `--json`, one JSON object per
 * line); warnings go to standard error. Exit codes: 0 done, 1 the knowledge
 * or the input could not be used, 2 wrong usage.
 */
import { createInterface } from 'node:readline';
import os from 'node:os';
import { KnowledgeError, loadKnowledge } from '../knowledge/load.ts';
import { Sanad } from '../engine/sanad.ts';
import type { Answer } from '../types.ts';
import { coreConfig, ConfigError } from '../runtime/config.ts';
import { ChatService, declineText } from '../chat/chat.ts';
import { renderPlain } from '../chat/plain.ts';
import { t } from '../chat/texts.ts';
import { evaluate, readSquad } from '../eval/squad.ts';
import { parseArgs, UsageError } from './args.ts';

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Readonly<Record<string, string | undefined>>;
}

const USAGE = `Usage:
  sanad start                                   run the bot (console chat when no platform token is set)
  sanad ask [--knowledge DIR] [--json] [QUESTION]  answer QUESTION, or each line of standard input
  sanad check [--knowledge DIR]                 list the articles and every problem found
  sanad eval FILE.json [--json]                 measure answers on a SQuAD-format file
`;

/** Runs one command; resolves to the exit code. */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'ask':
        return await ask(rest, io);
      case 'check':
        return await check(rest, io);
      case 'eval':
        return runEval(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`sanad: ${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.stderr.write(`sanad: configuration: ${e.message}\n`);
      return 1;
    }
    if (e instanceof KnowledgeError) {
      io.stderr.write(`sanad: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

let quietOnClosedPipe = false;

function defaultIo(): Io {
  // A reader that stops early (`sanad ask --json < questions.txt | head -1`) closes the pipe:
  // like other command-line tools, stop quietly rather than crash with EPIPE.
  if (!quietOnClosedPipe) {
    quietOnClosedPipe = true;
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

async function loadEngine(dir: string | undefined, io: Io): Promise<Sanad | undefined> {
  const knowledgeDir = dir ?? coreConfig(io.env).knowledgeDir;
  const { articles, problems } = await loadKnowledge(knowledgeDir);
  for (const p of problems) io.stderr.write(`warning: skipped ${p.file}: ${p.reason}\n`);
  if (articles.length === 0) {
    io.stderr.write(`sanad: no article could be loaded from ${knowledgeDir}\n`);
    return undefined;
  }
  return Sanad.fromArticles(articles);
}

/** The `ask --json` contract: keep these fields stable. */
export function answerJson(a: Answer, declineText: string) {
  const m = a.best;
  return {
    question: a.question,
    found: a.found,
    kind: a.kind,
    lang: a.lang,
    answer: m ? m.answer : declineText,
    highlight: m?.highlight ? m.answer.slice(m.highlight.start, m.highlight.end) : null,
    passage: m ? m.passage : '',
    source: m ? { title: m.source.title, file: m.source.file, ...(m.source.url ? { url: m.source.url } : {}), ...(m.source.date ? { date: m.source.date } : {}) } : null,
    score: a.score,
  };
}

async function ask(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { flags: ['json'], options: ['knowledge'] });
  const engine = await loadEngine(args.options.knowledge, io);
  if (!engine) return 1;
  const json = args.flags.has('json');
  const chat = new ChatService(engine, { rateLimit: { max: Number.MAX_SAFE_INTEGER, windowMs: 1 } });
  const answerOne = (question: string) => {
    if (json) {
      const a = engine.ask(question);
      const decline = a.kind === 'help' ? t(a.lang).help : declineText(engine, a.lang);
      io.stdout.write(`${JSON.stringify(answerJson(a, decline))}\n`);
    } else {
      io.stdout.write(`${renderPlain(chat.ask({ user: 'cli', chat: 'cli', text: question }))}\n\n`);
    }
  };
  if (args.positional.length > 0) {
    answerOne(args.positional.join(' '));
    return 0;
  }
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim()) answerOne(line);
  }
  return 0;
}

async function check(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { flags: [], options: ['knowledge'] });
  const dir = args.options.knowledge ?? coreConfig(io.env).knowledgeDir;
  const { articles, problems } = await loadKnowledge(dir);
  const engine = articles.length ? Sanad.fromArticles(articles) : undefined;
  io.stdout.write(`${dir}: ${articles.length} article(s), ${engine?.size ?? 0} passage(s)\n`);
  for (const a of engine?.articles ?? []) {
    io.stdout.write(`  ok  ${a.file}: ${a.passages} passage(s): ${a.title}${a.date ? ` (${a.date})` : ''}\n`);
  }
  for (const p of problems) io.stdout.write(`  skipped  ${p.file}: ${p.reason}\n`);
  if (!engine) {
    io.stderr.write(`sanad: no article could be loaded from ${dir}\n`);
    return 1;
  }
  return 0;
}

function runEval(argv: string[], io: Io): number {
  const args = parseArgs(argv, { flags: ['json'], options: [] });
  const file = args.positional[0];
  if (!file) throw new UsageError('eval needs a SQuAD-format FILE.json');
  let data;
  try {
    data = readSquad(file);
  } catch (e) {
    io.stderr.write(`sanad: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  const r = evaluate(data);
  if (args.flags.has('json')) {
    io.stdout.write(`${JSON.stringify({ file, machine: machine(), ...r })}\n`);
    return 0;
  }
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  io.stdout.write(
    [
      `Evaluation of ${file}`,
      `  ${r.articles} articles, ${r.passages} passages, ${r.questions} questions; index built in ${r.buildMs.toFixed(0)} ms`,
      `  passage@1          ${pct(r.passageAt1)}`,
      `  answer@1           ${pct(r.answerAt1)}`,
      `  abstained          ${pct(r.abstained)}`,
      `  passage@1 (hinted) ${pct(r.passageAt1WithHint)}   (the question's own article given as the conversation's article)`,
      `  mean answer length ${r.meanAnswerChars.toFixed(0)} characters`,
      `  latency            p50 ${r.latencyMs.p50.toFixed(3)} ms, p99 ${r.latencyMs.p99.toFixed(3)} ms`,
      `  machine            ${machine()}`,
      '',
    ].join('\n'),
  );
  return 0;
}

/** One line describing this machine, printed with every measurement. */
export function machine(): string {
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`;
}

