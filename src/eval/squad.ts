/**
 * Evaluation on a SQuAD-format file, measured the way
 * `../shared/data/xquad-ar/README.md` describes: every paragraph of every
 * article becomes the knowledge (one article per `title`), every question is
 * asked against all of it, and the answers are compared after a fixed
 * normalisation.
 *
 * ```ts
 * const data = readSquad('xquad.ar.json');
 * const report = evaluate(data);
 * console.log(report.passageAt1, report.answerAt1);
 * ```
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ArticleDoc } from '../types.ts';
import { Sanad, type SanadOptions } from '../engine/sanad.ts';

export interface SquadQuestion {
  question: string;
  answers: string[];
  /** Index of the article the question belongs to. */
  article: number;
}

export interface SquadData {
  articles: ArticleDoc[];
  questions: SquadQuestion[];
}

export interface EvalReport {
  questions: number;
  passages: number;
  articles: number;
  /** Share of questions whose answer passage contains a gold answer. */
  passageAt1: number;
  /** Share of questions whose short answer contains a gold answer. */
  answerAt1: number;
  /** Share of questions declined. */
  abstained: number;
  /** With the question's own article as the hint (a conversation about it). */
  passageAt1WithHint: number;
  meanAnswerChars: number;
  latencyMs: { p50: number; p99: number };
  buildMs: number;
}

/** Reads a SQuAD v1.1 file; throws with a clear message when it is not one. */
export function readSquad(file: string): SquadData {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as {
    data?: Array<{ title?: string; paragraphs?: Array<{ context: string; qas?: Array<{ question: string; answers?: Array<{ text: string }> }> }> }>;
  };
  if (!raw || !Array.isArray(raw.data)) throw new Error(`${file} is not a SQuAD-format file (no "data" list)`);
  const articles: ArticleDoc[] = [];
  const questions: SquadQuestion[] = [];
  raw.data.forEach((a, i) => {
    const title = (a.title ?? `article ${i + 1}`).replace(/_/g, ' ');
    const paragraphs = (a.paragraphs ?? []).map((p) => p.context);
    articles.push({ title, file: `${String(i).padStart(3, '0')}-${(a.title ?? 'article').slice(0, 40)}`, paragraphs });
    for (const p of a.paragraphs ?? []) {
      for (const qa of p.qas ?? []) {
        questions.push({ question: qa.question, answers: (qa.answers ?? []).map((x) => x.text), article: i });
      }
    }
  });
  return { articles, questions };
}

/** The comparison normalisation of the evaluation README. */
export function evalNormalize(s: string): string {
  return s
    .replace(/[\u064B-\u0652\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/\s+/g, ' ')
    .trim();
}

function contains(text: string, answers: string[]): boolean {
  const t = evalNormalize(text);
  return answers.some((a) => {
    const n = evalNormalize(a);
    return n.length > 0 && t.includes(n);
  });
}

/** Nearest-rank percentile of ascending `sorted` (0 when empty). Also used by the benchmark. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Asks every question; see the module comment. */
export function evaluate(data: SquadData, options: Partial<SanadOptions> = {}): EvalReport {
  const t0 = performance.now();
  const sanad = Sanad.fromArticles(data.articles, options);
  const buildMs = performance.now() - t0;
  let passage = 0;
  let answer = 0;
  let abstained = 0;
  let hinted = 0;
  let chars = 0;
  let answered = 0;
  const times: number[] = [];
  for (const q of data.questions) {
    const s = performance.now();
    const a = sanad.ask(q.question);
    times.push(performance.now() - s);
    if (!a.found || !a.best) abstained++;
    else {
      answered++;
      chars += a.best.answer.length;
      if (contains(a.best.passage, q.answers)) passage++;
      if (contains(a.best.answer, q.answers)) answer++;
    }
    const h = sanad.ask(q.question, { article: data.articles[q.article].file });
    if (h.found && h.best && contains(h.best.passage, q.answers)) hinted++;
  }
  times.sort((x, y) => x - y);
  const n = data.questions.length || 1;
  return {
    questions: data.questions.length,
    passages: sanad.size,
    articles: data.articles.length,
    passageAt1: passage / n,
    answerAt1: answer / n,
    abstained: abstained / n,
    passageAt1WithHint: hinted / n,
    meanAnswerChars: answered ? chars / answered : 0,
    latencyMs: { p50: percentile(times, 50), p99: percentile(times, 99) },
    buildMs,
  };
}
