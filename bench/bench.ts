/**
 * `npm run bench`: Sanad against MiniSearch and fuse.js on a large Arabic
 * corpus (see bench/README.md).
 *
 * ```sh
 * npm run bench                          # 100,000 passages
 * npm run bench -- --quick               # 5,000 passages
 * npm run bench -- --passages 20000 --only sanad,minisearch
 * npm run bench -- --json > out.txt      # table, then one JSON object on the last line
 * ```
 *
 * Options:
 *   --passages N          corpus size, real paragraphs included (default 100000)
 *   --quick               same as --passages 5000
 *   --only LIST           comma-separated subset of sanad,minisearch,fuse (default all three)
 *   --fuse-questions K    how many questions fuse.js is asked (default 5, or 25 at 10,000
 *                         passages or fewer): it scans every passage for every question
 *   --minisearch-questions K|all
 *                         how many questions MiniSearch is asked (default all up to 20,000
 *                         passages, else 200): at 100,000 passages it takes ~0.2-0.5 s a
 *                         question, so all 1,190 would take 5-10 minutes
 * Samples are spread evenly over the question file; Sanad is always asked all
 * questions, and its passage@1 on each competitor's sample is printed beside
 * the competitor's.
 *   --seed S              seed of the generated passages (default 1)
 *   --json                after the human table, print the same figures as ONE JSON object,
 *                         alone on the last line of standard output
 *
 * Standard output carries the table (and the JSON line); progress goes to
 * standard error. Exit codes: 0 measured (whether or not Sanad met its
 * targets), 1 the XQuAD-ar file is missing or unreadable, or gc is not
 * exposed, 2 wrong usage.
 *
 * Run with `node --expose-gc --import tsx bench/bench.ts` (what `npm run bench`
 * does): memory is read after `global.gc()`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { evalNormalize, readSquad, type SquadData } from '../src/eval/squad.ts';
import { machine } from '../src/cli/main.ts';
import { DEFAULT_OPTIONS } from '../src/engine/sanad.ts';
import { buildCorpus, vocabularySize, type Corpus } from './corpus.ts';
import { build, LABELS, SYSTEMS, type SystemName } from './systems.ts';
import { MB, percentile, settledMemory } from './stats.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = resolve(ROOT, '../shared/data/xquad-ar/xquad.ar.json');

const TARGETS = { p50Ms: 0.3, p99Ms: 5, buildMs: 5000, memoryMB: 150 } as const;

interface Options {
  passages: number;
  quick: boolean;
  json: boolean;
  only: SystemName[];
  fuseQuestions?: number;
  minisearchQuestions?: number;
  seed: number;
}

class UsageError extends Error {}

/** The commit measured, and whether src/ differs from it (others tune the engine in the same tree). */
function codeVersion(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'src').length > 0;
    return `commit ${commit}${dirty ? ' + uncommitted changes in src/' : ', src/ clean'}`;
  } catch {
    return 'unknown (no git)';
  }
}

function parseOptions(argv: string[]): Options {
  const o: Options = { passages: 100_000, quick: false, json: false, only: [...SYSTEMS], seed: 1 };
  let passagesGiven = false;
  const value = (i: number, name: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
    return v;
  };
  const int = (v: string, name: string, min: number) => {
    const n = Number(v.replace(/[_,]/g, ''));
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be an integer ≥ ${min}, not "${v}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const take = () => {
      if (inline !== undefined) return inline;
      const v = value(i, flag);
      i++;
      return v;
    };
    switch (flag) {
      case '--passages':
        o.passages = int(take(), '--passages', 1);
        passagesGiven = true;
        break;
      case '--quick':
        o.quick = true;
        break;
      case '--json':
        o.json = true;
        break;
      case '--only': {
        const names = take().split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
        for (const n of names) if (!SYSTEMS.includes(n as SystemName)) throw new UsageError(`--only: unknown system "${n}" (sanad, minisearch, fuse)`);
        o.only = SYSTEMS.filter((s) => names.includes(s));
        if (o.only.length === 0) throw new UsageError('--only needs at least one system');
        break;
      }
      case '--fuse-questions':
        o.fuseQuestions = int(take(), '--fuse-questions', 1);
        break;
      case '--minisearch-questions': {
        const v = take();
        o.minisearchQuestions = v === 'all' ? Number.MAX_SAFE_INTEGER : int(v, '--minisearch-questions', 1);
        break;
      }
      case '--seed':
        o.seed = int(take(), '--seed', 0);
        break;
      case '--help':
      case '-h':
        throw new UsageError('');
      default:
        throw new UsageError(`unknown option "${a}"`);
    }
  }
  if (o.quick && !passagesGiven) o.passages = 5_000;
  return o;
}

const USAGE =
  'Usage: npm run bench -- [--passages N | --quick] [--only sanad,minisearch,fuse] [--fuse-questions K]\n' +
  '                        [--minisearch-questions K|all] [--seed S] [--json]\n';

interface SystemResult {
  system: SystemName;
  label: string;
  /** Passages (documents) the system indexed; Sanad cuts long paragraphs. */
  indexed: number;
  buildMs: number;
  memoryMB: { heapPlusExternal: number; heapUsed: number; external: number; rss: number };
  latencyMs: { p50: number; p99: number; mean: number; max: number };
  /** Questions timed (all of them, or fuse.js's sample). */
  timedQuestions: number;
  sampled: boolean;
  /** Share of timed questions whose top passage contains a gold answer (README normalisation). */
  passageAt1?: number;
  /** The same, counting only real XQuAD paragraphs as right (a generated passage may contain an answer string by chance). */
  passageAt1RealPassage?: number;
  /** passage@1 with only the 240 XQuAD-ar paragraphs indexed, for comparison. */
  passageAt1XquadOnly?: number;
  /** Wall time of all timed questions, ms. */
  queryTotalMs: number;
  /** Per question index: its latency, or NaN when not timed. */
  times: number[];
  /** Per question index: whether the top passage held a gold answer (undefined when not asked). */
  right: Array<boolean | undefined>;
  /**
   * Sanad only: latency when every question is asked a second time, after the
   * timed pass (its words and its passages' words already read, their postings
   * in the CPU caches), as in a chat where questions come back. Not the target's figure.
   */
  againMs?: { p50: number; p99: number };
}

function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

function contains(text: string, normalizedAnswers: string[]): boolean {
  const t = evalNormalize(text);
  return normalizedAnswers.some((a) => a.length > 0 && t.includes(a));
}

/** Evenly spread question indices: `k` of `n`. */
function sample(n: number, k: number): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: k }, (_, i) => Math.floor(((i + 0.5) * n) / k));
}

function measure(name: SystemName, corpus: Corpus, data: SquadData, answers: string[][], asked: number[]): SystemResult {
  const before = settledMemory();
  log(`${LABELS[name]}: building over ${corpus.passages.length.toLocaleString('en')} passages…`);
  const t0 = performance.now();
  const system = build(name, corpus);
  const buildMs = performance.now() - t0;
  const after = settledMemory();
  log(`${LABELS[name]}: built in ${buildMs.toFixed(0)} ms; asking ${asked.length} question(s)…`);

  const times = new Array<number>(data.questions.length).fill(NaN);
  const rightAt = new Array<boolean | undefined>(data.questions.length).fill(undefined);
  let right = 0;
  let rightReal = 0;
  let lastReport = performance.now();
  const q0 = performance.now();
  for (const [k, i] of asked.entries()) {
    const question = data.questions[i].question;
    const s = performance.now();
    const result = system.search(question);
    times[i] = performance.now() - s;
    const hit = system.top(result);
    rightAt[i] = false;
    if (hit && contains(hit.text, answers[i])) {
      rightAt[i] = true;
      right++;
      if (hit.real) rightReal++;
    }
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      log(`  ${k + 1}/${asked.length} asked`);
    }
  }
  const queryTotalMs = performance.now() - q0;
  const timed = times.filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
  const heapPlusExternal = (after.heapUsed + after.external - before.heapUsed - before.external) / MB;
  const res: SystemResult = {
    system: name,
    label: LABELS[name],
    indexed: system.size,
    buildMs,
    memoryMB: {
      heapPlusExternal,
      heapUsed: (after.heapUsed - before.heapUsed) / MB,
      external: (after.external - before.external) / MB,
      rss: (after.rss - before.rss) / MB,
    },
    latencyMs: {
      p50: percentile(timed, 50),
      p99: percentile(timed, 99),
      mean: timed.reduce((a, b) => a + b, 0) / (timed.length || 1),
      max: timed[timed.length - 1] ?? NaN,
    },
    timedQuestions: timed.length,
    sampled: timed.length < data.questions.length,
    queryTotalMs,
    times,
    right: rightAt,
  };
  if (name !== 'fuse') {
    res.passageAt1 = right / asked.length;
    res.passageAt1RealPassage = rightReal / asked.length;
  }
  if (name === 'sanad') {
    const again: number[] = [];
    for (const i of asked) {
      const s = performance.now();
      system.search(data.questions[i].question);
      again.push(performance.now() - s);
    }
    again.sort((a, b) => a - b);
    res.againMs = { p50: percentile(again, 50), p99: percentile(again, 99) };
  }
  log(`${LABELS[name]}: p50 ${res.latencyMs.p50.toFixed(3)} ms, p99 ${res.latencyMs.p99.toFixed(3)} ms over ${timed.length} question(s)`);
  return res;
}

/** passage@1 with only the XQuAD-ar paragraphs indexed (untimed, for the accuracy comparison). */
function xquadOnly(name: SystemName, data: SquadData, answers: string[][]): number {
  const corpus = buildCorpus(data.articles, data.articles.reduce((n, a) => n + a.paragraphs.length, 0), 0);
  const system = build(name, corpus);
  let right = 0;
  data.questions.forEach((q, i) => {
    const hit = system.top(system.search(q.question));
    if (hit && contains(hit.text, answers[i])) right++;
  });
  return right / data.questions.length;
}

// ---------------------------------------------------------------- formatting

const n0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en') : '—');
const f = (x: number | undefined, d: number) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
const pct = (x: number | undefined) => (x === undefined ? '—' : `${(100 * x).toFixed(1)}%`);
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? undefined : a / b;
const fr = (x: number | undefined) =>
  x === undefined ? '—' : x >= 100 ? `${n0(x)}×` : x >= 0.1 ? `${x.toFixed(x >= 10 ? 1 : 2)}×` : `${x.toPrecision(2)}×`;

function table(header: string[], rows: string[][], right: boolean[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (right[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join(' │ ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------- main

async function run(argv: string[]): Promise<number> {
  let o: Options;
  try {
    o = parseOptions(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(e.message ? `bench: ${e.message}\n${USAGE}` : USAGE);
      return e.message ? 2 : 0;
    }
    throw e;
  }
  if (!globalThis.gc) {
    process.stderr.write('bench: global.gc is missing: run with `npm run bench` (node --expose-gc --import tsx bench/bench.ts)\n');
    return 1;
  }
  if (!existsSync(DATA)) {
    process.stderr.write(
      `bench: the XQuAD-ar file is missing: ${DATA}\n` +
        'The benchmark reads it from ../shared/data/xquad-ar/ next to the project (it is not part of the repository).\n',
    );
    return 1;
  }
  let data: SquadData;
  try {
    data = readSquad(DATA);
  } catch (e) {
    process.stderr.write(`bench: cannot read ${DATA}: ${(e as Error).message}\n`);
    return 1;
  }
  const realPassages = data.articles.reduce((n, a) => n + a.paragraphs.length, 0);
  if (o.passages < realPassages) {
    process.stderr.write(`bench: --passages must be at least ${realPassages} (the XQuAD-ar paragraphs are always included)\n${USAGE}`);
    return 2;
  }
  const code = codeVersion();
  const wall0 = performance.now();
  const answers = data.questions.map((q) => q.answers.map(evalNormalize));

  log(`generating ${(o.passages - realPassages).toLocaleString('en')} passages…`);
  const corpus = buildCorpus(data.articles, o.passages, o.seed);
  const vocabulary = vocabularySize(corpus.passages);
  log(`generated in ${corpus.generateMs.toFixed(0)} ms`);

  const all = data.questions.map((_, i) => i);
  const fuseK = Math.min(data.questions.length, o.fuseQuestions ?? (o.passages <= 10_000 ? 25 : 5));
  const fuseSample = sample(data.questions.length, fuseK);
  const msK = Math.min(data.questions.length, o.minisearchQuestions ?? (o.passages <= 20_000 ? data.questions.length : 200));
  const msSample = sample(data.questions.length, msK);
  const load0 = os.loadavg()[0];

  const results = new Map<SystemName, SystemResult>();
  for (const name of o.only) {
    results.set(name, measure(name, corpus, data, answers, name === 'fuse' ? fuseSample : name === 'minisearch' ? msSample : all));
    settledMemory(); // The built system is unreachable now: collect it before the next one.
  }
  for (const name of o.only) {
    if (name === 'fuse') continue;
    log(`${LABELS[name]}: passage@1 with the XQuAD-ar paragraphs alone…`);
    results.get(name)!.passageAt1XquadOnly = xquadOnly(name, data, answers);
  }
  const wallMs = performance.now() - wall0;
  const load1 = os.loadavg()[0];

  // Ratios against Sanad.
  const sanad = results.get('sanad');
  const ratios: Record<string, Record<string, number | undefined>> = {};
  for (const name of ['minisearch', 'fuse'] as const) {
    const r = results.get(name);
    if (!r || !sanad) continue;
    const sanadSame = r.sampled
      ? percentile(
          r.times.map((t, i) => (Number.isNaN(t) ? NaN : sanad.times[i])).filter((t) => !Number.isNaN(t)).sort((a, b) => a - b),
          50,
        )
      : sanad.latencyMs.p50;
    const sameRight = r.right.map((x, i) => (x === undefined ? undefined : sanad.right[i])).filter((x) => x !== undefined);
    ratios[name] = {
      sanadPassageAt1SameQuestions:
        r.passageAt1 !== undefined && sameRight.length ? sameRight.filter(Boolean).length / sameRight.length : undefined,
      p50: ratio(r.latencyMs.p50, sanad.latencyMs.p50),
      p50SameQuestions: ratio(r.latencyMs.p50, sanadSame),
      p99: ratio(r.latencyMs.p99, sanad.latencyMs.p99),
      build: ratio(r.buildMs, sanad.buildMs),
      memory: ratio(r.memoryMB.heapPlusExternal, sanad.memoryMB.heapPlusExternal),
      rss: ratio(r.memoryMB.rss, sanad.memoryMB.rss),
    };
  }
  const targets = sanad
    ? {
        p50Ms: { target: TARGETS.p50Ms, value: sanad.latencyMs.p50, met: sanad.latencyMs.p50 < TARGETS.p50Ms },
        p99Ms: { target: TARGETS.p99Ms, value: sanad.latencyMs.p99, met: sanad.latencyMs.p99 < TARGETS.p99Ms },
        buildMs: { target: TARGETS.buildMs, value: sanad.buildMs, met: sanad.buildMs < TARGETS.buildMs },
        memoryMB: { target: TARGETS.memoryMB, value: sanad.memoryMB.heapPlusExternal, met: sanad.memoryMB.heapPlusExternal < TARGETS.memoryMB },
      }
    : undefined;

  // ------------------------------------------------------------ human table
  const out: string[] = [];
  out.push(`Sanad benchmark (npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''})`);
  out.push(`Machine:   ${machine()}`);
  out.push(`Code:      ${code}`);
  out.push(
    `Load:      1-minute load average ${load0.toFixed(1)} at the start, ${load1.toFixed(1)} at the end, on ${os.cpus().length} cores` +
      (Math.max(load0, load1) > os.cpus().length * 0.75 ? ' (other processes were running: timings include their competition)' : ''),
  );
  out.push(
    `Corpus:    ${n0(corpus.passages.length)} passages in ${n0(corpus.articles.length)} articles: ` +
      `${realPassages} XQuAD-ar paragraphs (${data.articles.length} articles) + ${n0(corpus.generatedPassages)} generated ` +
      `(${n0(corpus.generatedArticles)} articles, seed ${o.seed})`,
  );
  out.push(
    `           mean length ${n0(corpus.meanChars.real)} chars (real) / ${n0(corpus.meanChars.generated)} chars (generated); ` +
      `${n0(vocabulary)} distinct words; generated in ${n0(corpus.generateMs)} ms`,
  );
  out.push(
    `Questions: ${n0(data.questions.length)} XQuAD-ar questions, each asked once against the whole corpus, in file order,\n` +
      `           none of them asked before (Sanad's own warm-up, ${DEFAULT_OPTIONS.warmUp} questions made from its passages, is part of its build)` +
      (o.only.includes('minisearch') && msK < data.questions.length
        ? `;\n           MiniSearch asked ${msK} of them only (evenly spread; --minisearch-questions all for every one)`
        : '') +
      (o.only.includes('fuse') ? `;\n           fuse.js asked ${fuseK} of them only (evenly spread), it scans every passage per question` : ''),
  );
  out.push('');
  const rows = o.only.map((name) => {
    const r = results.get(name)!;
    return [
      r.label,
      n0(r.indexed),
      n0(r.buildMs),
      f(r.memoryMB.heapPlusExternal, 1),
      f(r.memoryMB.rss, 1),
      f(r.latencyMs.p50, 3),
      f(r.latencyMs.p99, 3),
      `${r.timedQuestions}${r.sampled ? ' (sample)' : ''}`,
      pct(r.passageAt1),
      pct(r.passageAt1RealPassage),
      pct(r.passageAt1XquadOnly),
    ];
  });
  out.push(
    table(
      ['system', 'indexed', 'build ms', 'heap+ext MB', 'RSS Δ MB', 'p50 ms', 'p99 ms', 'questions', 'passage@1', 'p@1 real', 'p@1 XQuAD only'],
      rows,
      [false, true, true, true, true, true, true, true, true, true, true],
    ),
  );
  out.push(
    [
      '  indexed: passages (documents) in the index; Sanad cuts paragraphs over 700 characters into passages.',
      '  heap+ext MB: growth of V8 heap used + external memory (typed arrays) from before to after the build, both after gc,',
      '    with the system still referenced; RSS Δ the same for resident set size (the process keeps pages it once used,',
      '    so systems measured later can show less RSS growth than their heap+ext).',
      '  passage@1: the top passage contains a gold answer (README normalisation); p@1 real: and it is a real XQuAD paragraph,',
      '    not a generated one that happens to contain the answer string; p@1 XQuAD only: with only the 240 paragraphs indexed.',
    ].join('\n'),
  );
  if (Object.keys(ratios).length) {
    out.push('');
    out.push('Ratios (competitor ÷ Sanad; above 1 means Sanad is faster / smaller):');
    const rr = Object.entries(ratios).map(([name, x]) => [
      `${LABELS[name as SystemName]} ÷ Sanad`,
      fr(x.p50),
      results.get(name as SystemName)!.sampled ? fr(x.p50SameQuestions) : '(same)',
      fr(x.p99),
      fr(x.build),
      fr(x.memory),
      fr(x.rss),
    ]);
    out.push(table(['', 'p50', 'p50, same questions', 'p99', 'build', 'heap+ext', 'RSS Δ'], rr, [false, true, true, true, true, true, true]));
    out.push('  p50, same questions: the competitor\'s p50 over its sample ÷ Sanad\'s p50 over the same questions.');
    const ms = results.get('minisearch');
    if (ms?.sampled && ratios.minisearch) {
      out.push(
        `  passage@1 on MiniSearch's ${ms.timedQuestions} questions: Sanad ${pct(ratios.minisearch.sanadPassageAt1SameQuestions)}, ` +
          `MiniSearch ${pct(ms.passageAt1)}`,
      );
    }
  }
  if (targets) {
    out.push('');
    out.push(`Targets for Sanad at ${n0(corpus.passages.length)} passages:`);
    const t = targets;
    out.push(
      table(
        ['target', 'measured', 'met'],
        [
          [`p50 < ${t.p50Ms.target} ms`, `${f(t.p50Ms.value, 3)} ms`, t.p50Ms.met ? 'yes' : 'NO'],
          [`p99 < ${t.p99Ms.target} ms`, `${f(t.p99Ms.value, 3)} ms`, t.p99Ms.met ? 'yes' : 'NO'],
          [`build < ${t.buildMs.target / 1000} s`, `${n0(t.buildMs.value)} ms`, t.buildMs.met ? 'yes' : 'NO'],
          [`memory < ${t.memoryMB.target} MB (heap+ext)`, `${f(t.memoryMB.value, 1)} MB`, t.memoryMB.met ? 'yes' : 'NO'],
        ],
        [false, true, false],
      ),
    );
  }
  if (sanad?.againMs) {
    out.push('');
    out.push(
      `Sanad, every question asked a second time (its words and passages already read, as when questions come back): ` +
        `p50 ${f(sanad.againMs.p50, 3)} ms, p99 ${f(sanad.againMs.p99, 3)} ms.`,
    );
  }
  out.push('');
  out.push(`Whole run: ${(wallMs / 1000).toFixed(1)} s (after loading the data).`);
  process.stdout.write(`${out.join('\n')}\n`);

  if (o.json) {
    const json = {
      command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
      machine: machine(),
      code,
      load: { start: load0, end: load1, cores: os.cpus().length },
      options: {
        passages: o.passages,
        seed: o.seed,
        only: o.only,
        minisearchQuestions: o.only.includes('minisearch') ? msK : undefined,
        fuseQuestions: o.only.includes('fuse') ? fuseK : undefined,
      },
      corpus: {
        passages: corpus.passages.length,
        articles: corpus.articles.length,
        realPassages,
        realArticles: data.articles.length,
        generatedPassages: corpus.generatedPassages,
        generatedArticles: corpus.generatedArticles,
        meanChars: corpus.meanChars,
        vocabulary,
        generateMs: corpus.generateMs,
      },
      questions: data.questions.length,
      systems: Object.fromEntries(o.only.map((name) => {
        const { times: _t, right: _r, ...r } = results.get(name)!;
        return [name, r];
      })),
      ratios,
      targets,
      wallMs,
    };
    process.stdout.write(`${JSON.stringify(json)}\n`);
  }
  return 0;
}

process.exitCode = await run(process.argv.slice(2));
