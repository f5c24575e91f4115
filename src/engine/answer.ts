/**
 * Picking the short answer inside a passage: the sentence (or, in a sentence
 * too long to show, the run of clauses) that best answers the question, and
 * inside it the span that is the answer when the question's kind says what to
 * look for (a number for كم, a date for متى).
 *
 * ```ts
 * pickAnswer(passage, { weights, kind: 'date', questionNumbers: new Set() })
 * // → { text: 'ليتم استقبال عبد اللطيف حموشي يوم 24 ماي 2022 …', highlight: { start: 34, end: 45 } }
 * ```
 */
import type { Span } from '../types.ts';
import { tokenize } from '../analysis/tokenize.ts';
import { termsOf, type Term } from '../analysis/analyzer.ts';
import type { Lexicon } from '../analysis/stem.ts';
import { normalize } from '../analysis/normalize.ts';
import { clauses, sentences } from './segment.ts';
import type { QuestionKind } from './question.ts';

export interface AnswerQuery {
  /** Weight of each question term (idf × how sure we are of the term). */
  weights: Map<string, number>;
  kind: QuestionKind;
  /** Numbers written in the question: not an answer to it. */
  questionNumbers: Set<string>;
  lexicon?: Lexicon;
  /** Longest short answer. Default 300. */
  maxChars?: number;
}

export interface PickedAnswer {
  text: string;
  highlight?: Span;
}

const NUMBER_WORDS = new Set(
  'واحد واحده اثنان اثنين اثنتان ثلاث ثلاثه اربع اربعه خمس خمسه ست سته سبع سبعه ثمان ثماني ثمانيه تسع تسعه عشر عشره عشرون عشرين ثلاثون ثلاثين اربعون اربعين خمسون خمسين مئه مائه مئات الف الاف مليون ملايين مليار مليارات نصف ربع ثلث'
    .split(' ')
    .map(normalize),
);
/** Words that scale the number before them (1.5 مليون), kept inside the highlight. */
const SCALE_WORDS = new Set('الف الاف مليون ملايين مليار مليارات million millions milliard billion thousand % بالمئه بالمائه'.split(' ').map(normalize));

interface Unit extends Span {
  score: number;
}

/** Picks the short answer of `passage` for a question (see the module comment). */
export function pickAnswer(passage: string, q: AnswerQuery): PickedAnswer {
  const max = q.maxChars ?? 300;
  const tokens = tokenize(passage);
  const terms = termsOf(tokens, q.lexicon);
  const units = candidateUnits(passage, max);
  const avgWeight = average([...q.weights.values()]);
  let best: Unit | undefined;
  units.forEach((u, i) => {
    const inside = terms.filter((t) => t.start >= u.start && t.end <= u.end);
    const seen = new Set<string>();
    let score = 0;
    for (const t of inside) {
      const w = q.weights.get(t.term);
      if (w && !seen.has(t.term)) {
        seen.add(t.term);
        score += w;
      }
    }
    if (kindSpans(passage, tokens, u, q).length > 0) score += 0.6 * avgWeight;
    score -= 0.001 * i; // Earlier wins a tie.
    if (!best || score > best.score) best = { ...u, score };
  });
  if (!best) return { text: passage.slice(0, max) };
  let { start, end } = best;
  if (end - start > max) ({ start, end } = windowAround(passage, terms, q, start, end, max));
  const text = passage.slice(start, end);
  const highlight = pickHighlight(passage, tokens, terms, { start, end }, q);
  return {
    text,
    highlight: highlight && { start: highlight.start - start, end: highlight.end - start },
  };
}

/** Sentences; a sentence longer than `max` is replaced by runs of its clauses that fit. */
function candidateUnits(text: string, max: number): Span[] {
  const out: Span[] = [];
  for (const s of sentences(text)) {
    if (s.end - s.start <= max) {
      out.push(s);
      continue;
    }
    const cs = clauses(text.slice(s.start, s.end)).map((c) => ({ start: c.start + s.start, end: c.end + s.start }));
    // Every maximal run of consecutive clauses that fits in `max`.
    for (let i = 0; i < cs.length; i++) {
      let j = i;
      while (j + 1 < cs.length && cs[j + 1].end - cs[i].start <= max) j++;
      out.push({ start: cs[i].start, end: cs[j].end });
      if (cs[j].end === s.end) break;
    }
  }
  return out;
}

/** Spans of `unit` that are the kind of thing the question asks for. */
function kindSpans(text: string, tokens: ReturnType<typeof tokenize>, unit: Span, q: AnswerQuery): Span[] {
  if (q.kind !== 'number' && q.kind !== 'date') return [];
  const out: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.start < unit.start || t.end > unit.end) continue;
    if (isKindToken(t.text, t.kind, q)) {
      // Grow over the number's neighbours: "24 ماي 2022", "1.5 مليون".
      let end = t.end;
      let k = i + 1;
      while (k < tokens.length && tokens[k].end <= unit.end && tokens[k].start - end <= 2 &&
        (isKindToken(tokens[k].text, tokens[k].kind, q) || SCALE_WORDS.has(tokens[k].text))) {
        end = tokens[k].end;
        k++;
      }
      out.push({ start: t.start, end });
      i = k - 1;
    }
  }
  return out;
}

function isKindToken(word: string, kind: 'word' | 'number', q: AnswerQuery): boolean {
  if (kind === 'number') {
    if (q.questionNumbers.has(word)) return false;
    if (q.kind === 'number') return true;
    const n = Number(word);
    return Number.isInteger(n) && ((n >= 1000 && n <= 2100) || (n >= 1 && n <= 31));
  }
  const bare = word.replace(/^(و|ف|ب|ل)?(ال)?/, '');
  if (q.kind === 'number') return NUMBER_WORDS.has(word) || NUMBER_WORDS.has(bare);
  return termsOf([{ text: word, start: 0, end: word.length, kind: 'word' }]).some((t) => t.kind === 'month');
}

/** The answering span inside the answer, when the question's kind tells what to look for. */
function pickHighlight(text: string, tokens: ReturnType<typeof tokenize>, terms: Term[], unit: Span, q: AnswerQuery): Span | undefined {
  const spans = kindSpans(text, tokens, unit, q);
  if (spans.length === 0) return undefined;
  // The span nearest to the question's own words.
  const anchors = terms.filter((t) => t.start >= unit.start && t.end <= unit.end && q.weights.has(t.term));
  if (anchors.length === 0) return spans[0];
  let best = spans[0];
  let bestDistance = Infinity;
  for (const s of spans) {
    const d = Math.min(...anchors.map((a) => Math.abs(a.start - s.start)));
    if (d < bestDistance) {
      bestDistance = d;
      best = s;
    }
  }
  return best;
}

/** A window of at most `max` characters of [start, end), centred on the question's terms, cut at spaces. */
function windowAround(text: string, terms: Term[], q: AnswerQuery, start: number, end: number, max: number): Span {
  const hits = terms.filter((t) => t.start >= start && t.end <= end && q.weights.has(t.term));
  const centre = hits.length ? (hits[0].start + hits[hits.length - 1].end) / 2 : start + max / 2;
  let s = Math.max(start, Math.round(centre - max / 2));
  let e = Math.min(end, s + max);
  s = Math.max(start, e - max);
  if (s > start) {
    const space = text.indexOf(' ', s);
    if (space > 0 && space < e) s = space + 1;
  }
  if (e < end) {
    const space = text.lastIndexOf(' ', e);
    if (space > s) e = space;
  }
  return { start: s, end: e };
}

function average(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}
