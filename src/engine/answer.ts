/**
 * Picking the short answer inside a passage: the sentence (or, in a sentence
 * too long to show, the run of clauses) that best answers the question, and
 * inside it the span that is the answer when the question's kind says what to
 * look for (a number for كم, a date for متى).
 *
 * A sentence scores the weights of the question's words it holds (another form
 * of a word's root counts for most of the word), part of those its neighbours
 * hold (a sentence often goes on from the ones before it with a pronoun; the
 * further back, the smaller the part), and a bonus when it holds what the
 * question's kind asks for; inside one passage, the question's head (the word
 * after its interrogative: the verb or noun that says what is asked) counts
 * again in the sentence that holds it. A sentence that opens with a pronoun or a
 * demonstrative (وهو، هذه) is read, and shown, with the sentence before it,
 * which names what it speaks of.
 *
 * ```ts
 * pickAnswer(passage, { weights, kind: 'date', questionNumbers: new Set() })
 * // → { text: 'ليتم استقبال عبد اللطيف حموشي يوم 24 ماي 2022 …', highlight: { start: 34, end: 45 } }
 * ```
 */
import type { Span } from '../types.ts';
import type { Token } from '../analysis/tokenize.ts';
import { readText, type Term } from '../analysis/analyzer.ts';
import { skeleton, type Lexicon } from '../analysis/stem.ts';
import { normalize } from '../analysis/normalize.ts';
import { clauses, sentences } from './segment.ts';
import type { QuestionKind } from './question.ts';

export interface AnswerQuery {
  /** Weight of each question term (idf × how sure we are of the term). */
  weights: Map<string, number>;
  kind: QuestionKind;
  /** Numbers written in the question: not an answer to it. */
  questionNumbers: Set<string>;
  /** The question's own normalised words: a name it gives is not the answer. */
  questionWords?: Set<string>;
  /**
   * The question's head term (see `questionHead`): the word after the
   * interrogative, which says what the answer is to the rest. A sentence
   * holding it is preferred inside a passage.
   */
  head?: string;
  lexicon?: Lexicon;
  /** Longest short answer. Default 300. */
  maxChars?: number;
}

export interface PickedAnswer {
  text: string;
  /**
   * How well the passage answers the question: the best score of its units by
   * the weight of the question's words they hold, with the kind bonus. (The
   * head's extra weight only chooses between the units of one passage: it is
   * not counted here, so passages compare as the question's words say.)
   */
  score: number;
  highlight?: Span;
}

const NUMBER_WORDS = new Set(
  'واحد واحده اثنان اثنين اثنتان ثلاث ثلاثه اربع اربعه خمس خمسه ست سته سبع سبعه ثمان ثماني ثمانيه تسع تسعه عشر عشره عشرون عشرين ثلاثون ثلاثين اربعون اربعين خمسون خمسين مئه مائه مئات الف الاف مليون ملايين مليار مليارات نصف ربع ثلث'
    .split(' ')
    .map(normalize),
);
/** Words that scale the number before them (1.5 مليون), kept inside the highlight. */
const SCALE_WORDS = new Set('الف الاف مليون ملايين مليار مليارات million millions milliard billion thousand % بالمئه بالمائه'.split(' ').map(normalize));

// (answerScoreBound relies on ROOT_SHARE ≤ 1 and CONTEXT_BEFORE + CONTEXT_AFTER ≤ 1.)
/** Share of a question word's weight that another form of its root (see `skeleton`) earns. */
const ROOT_SHARE = 0.8;
/** Shares of the weight of the question words the sentence before / after holds and this one does not (see also CONTEXT_DECAY). */
const CONTEXT_BEFORE = 0.3;
const CONTEXT_AFTER = 0.1;
/**
 * Extra share of its weight that the question's head (see AnswerQuery.head)
 * earns in the unit that holds it: the passage's sentences share the
 * question's topic words, and the one that answers is the one that states
 * the relation asked about ("من الذي يتحدى فكرة منحنى كوزنتس؟": the sentence
 * with يتحدى, not the one that only names the curve).
 */
const HEAD_EXTRA = 2;

/**
 * The question terms a unit holds, each with the weight it earns there, in the
 * order they were found. (Two short arrays rather than a Map: a question has a
 * handful of terms, and every unit of every passage read gets one.)
 */
interface Held {
  terms: string[];
  weights: number[];
}

/** Adds `term` with `weight` to `held`, unless it is there already. */
function hold(held: Held, term: string, weight: number): void {
  if (held.terms.includes(term)) return;
  held.terms.push(term);
  held.weights.push(weight);
}

/**
 * Each sentence further back counts for this share of the one after it: a
 * passage goes on about what it named earlier ("قدم هوتون أطروحة … وشرح فيها …
 * ورأى أن …"), with pronouns that hold none of the question's words.
 */
const CONTEXT_DECAY = 0.5;

/**
 * Weight of the question words the units before `i` hold that unit `i` does
 * not: the unit just before for CONTEXT_BEFORE, each one further back for
 * CONTEXT_DECAY times less; a word counts once, for its nearest unit.
 */
function given(held: Held[], i: number): number {
  const seen: string[] = [];
  let sum = 0;
  let share = CONTEXT_BEFORE;
  for (let j = i - 1; j >= 0 && share >= 0.01; j--, share *= CONTEXT_DECAY) {
    const { terms, weights } = held[j];
    for (let k = 0; k < terms.length; k++) {
      if (held[i].terms.includes(terms[k]) || seen.includes(terms[k])) continue;
      seen.push(terms[k]);
      sum += share * weights[k];
    }
  }
  return sum;
}

/** Weight of the question words `neighbour` holds that `unit` does not. */
function missing(unit: Held, neighbour: Held | undefined): number {
  let sum = 0;
  if (neighbour) for (let k = 0; k < neighbour.terms.length; k++) if (!unit.terms.includes(neighbour.terms[k])) sum += neighbour.weights[k];
  return sum;
}

interface Unit extends Span {
  score: number;
}

/** A stretch of the passage that is what the question asks for, and how surely. */
interface KindSpan extends Span {
  /** 1 for a plain match; more for a full date; less for a year when a count is asked. */
  strength: number;
}

type Tokens = Token[];

/** Words that join two numbers or dates into one answer: "من 21 نونبر إلى 18 دجنبر". */
const CONNECTORS = new Set('الى حتى و او - – to and or au et ou'.split(' ').map(normalize));
/** Words that say a number is a year: "سنة 2022". */
const YEAR_WORDS = new Set('سنه عام عاما في year in annee an en'.split(' ').map(normalize));

/** Picks the short answer of `passage` for a question (see the module comment). */
export function pickAnswer(passage: string, q: AnswerQuery): PickedAnswer {
  const max = q.maxChars ?? 300;
  const { tokens, terms, keys } = readText(passage, q.lexicon);
  // The tokens that are (part of) a month name, by start: the analysis already found them (تشرين الثاني is two).
  const monthTerms = terms.filter((t) => t.kind === 'month');
  const months = new Set<number>();
  if (monthTerms.length > 0) for (const t of tokens) if (monthTerms.some((m) => t.start >= m.start && t.end <= m.end)) months.add(t.start);
  const spans = q.kind === 'person' ? nameSpans(passage, tokens, q) : kindSpans(tokens, q, months);
  const units = candidateUnits(passage, tokens, max);
  const avgWeight = average([...q.weights.values()]);
  // The question's terms by their root-like key.
  const byKey = new Map<string, string[]>();
  for (const term of q.weights.keys()) {
    const key = skeleton(term);
    const same = byKey.get(key);
    if (same) same.push(term);
    else byKey.set(key, [term]);
  }
  // For each passage term: its weight when it is a question term, else the question terms it is another form of.
  const weightOf: Array<number | undefined> = new Array(terms.length);
  const relatives: Array<string[] | undefined> = new Array(terms.length);
  for (let k = 0; k < terms.length; k++) {
    const w = q.weights.get(terms[k].term);
    if (w !== undefined) weightOf[k] = w;
    else relatives[k] = byKey.get(keys[k]);
  }
  // What each unit holds of the question: its words, and other forms of their roots for part.
  let first = 0; // Units start in order, and so do terms: the first term of the current unit.
  const held = units.map((u) => {
    const found: Held = { terms: [], weights: [] };
    let related: string[] | undefined;
    while (first < terms.length && terms[first].start < u.start) first++;
    for (let k = first; k < terms.length && terms[k].end <= u.end; k++) {
      const w = weightOf[k];
      if (w) hold(found, terms[k].term, w);
      else if (relatives[k]) (related ??= []).push(...relatives[k]!);
    }
    if (related) for (const term of related) hold(found, term, ROOT_SHARE * q.weights.get(term)!);
    return found;
  });
  let bestAt = -1;
  let bestScore = 0; // By which the unit is chosen: with the head's extra weight.
  let passageScore = 0; // The best unit's score without it (see PickedAnswer.score).
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    let score = 0;
    for (const w of held[i].weights) score += w;
    // A sentence often answers with a pronoun for what the sentences before it named
    // ("تأسست البورصة في 1817 … وأعيد تأسيسها في 1991"): the neighbours' question words count for part.
    score += given(held, i) + CONTEXT_AFTER * missing(held[i], held[i + 1]);
    let strongest = 0;
    for (const k of spans) if (k.start >= u.start && k.end <= u.end && k.strength > strongest) strongest = k.strength;
    score += kindBonus(q.kind) * avgWeight * Math.min(strongest, MAX_STRENGTH);
    score -= 0.001 * i; // Earlier wins a tie.
    if (i === 0 || score > passageScore) passageScore = score;
    // The head counts again, for HEAD_EXTRA times its weight, in the unit that holds it.
    const h = q.head === undefined ? -1 : held[i].terms.indexOf(q.head);
    if (h >= 0) score += HEAD_EXTRA * held[i].weights[h];
    if (bestAt < 0 || score > bestScore) {
      bestAt = i;
      bestScore = score;
    }
  }
  const best: Unit | undefined = bestAt < 0 ? undefined : { ...units[bestAt], score: passageScore };
  if (!best) return { text: passage.slice(0, max), score: 0 };
  let { start, end } = best;
  if (end - start > max) ({ start, end } = windowAround(passage, terms, q, start, end, max));
  const text = passage.slice(start, end);
  const highlight = pickHighlight(spans, terms, { start, end }, q);
  return {
    text,
    score: best.score,
    highlight: highlight && { start: highlight.start - start, end: highlight.end - start },
  };
}

/** The bonus for holding what the question's kind asks for, per unit of span strength, in mean question-word weights. */
function kindBonus(kind: QuestionKind): number {
  return kind === 'person' ? 1.2 : 0.6;
}
/** Span strengths count up to this. */
const MAX_STRENGTH = 1.5;

/**
 * The most {@link pickAnswer} can score in a passage, from which of the
 * question's terms the passage holds (`holds(term)`: the term itself or
 * another form of its root): each term adds its weight at most once, whether
 * in the sentence or in its neighbours, and the kind bonus comes on top. Lets a
 * caller skip passages that cannot beat an answer in hand.
 */
export function answerScoreBound(q: AnswerQuery, holds: (term: string) => boolean): number {
  let sum = 0;
  let mean = 0;
  for (const [term, w] of q.weights) {
    if (holds(term)) sum += w;
    mean += w / q.weights.size;
  }
  const spans = q.kind === 'person' || q.kind === 'number' || q.kind === 'date';
  return sum + (spans ? kindBonus(q.kind) * mean * MAX_STRENGTH : 0);
}

/**
 * Words that, opening a sentence, stand for something named before it:
 * personal pronouns (وهو، فهي) and demonstratives (هذا، وتلك). Such a
 * sentence does not say by itself whom or what it is about.
 */
const REFERS_BACK = new Set(
  'هو هي هم هما وهو وهي وهم وهما فهو فهي فهم هذا هذه هذان هاتان هؤلاء وهذا وهذه ذلك تلك وذلك وتلك'.split(' ').map(normalize),
);

/**
 * Sentences; a sentence longer than `max` is replaced by runs of its clauses
 * that fit. A sentence that opens with a pronoun or a demonstrative is about
 * what the sentence before it named ("… مانينغ. وهو كذلك أكبر لاعب سناً"): it
 * comes with that sentence when both fit, so that it is read, and shown, with
 * whom or what it speaks of.
 */
function candidateUnits(text: string, tokens: Tokens, max: number): Span[] {
  const out: Span[] = [];
  let before: Span | undefined;
  let k = 0; // The first token of the current sentence (sentences and tokens both go in order).
  for (const s of sentences(text)) {
    const previous = before;
    before = s;
    while (k < tokens.length && tokens[k].start < s.start) k++;
    if (s.end - s.start <= max) {
      const refers = k < tokens.length && tokens[k].start < s.end && REFERS_BACK.has(tokens[k].text);
      const joined = previous !== undefined && refers && s.end - previous.start <= max;
      out.push(joined ? { start: previous.start, end: s.end } : s);
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

/** Particles that may stand inside a Latin-script name (Ibn Battuta, Charles de Gaulle). */
const NAME_PARTICLES = new Set('de du des la le van von der ben ibn bin el al da di'.split(' '));

/**
 * For a who-question in Latin script: runs of two or more capitalised words
 * (a person's name) that the question does not already give. Arabic script
 * has no capitals, so Arabic who-questions get no span.
 */
function nameSpans(text: string, tokens: Tokens, q: AnswerQuery): KindSpan[] {
  const out: KindSpan[] = [];
  // Letters from Arabic onwards have no case: only earlier scripts (Latin, Greek, Cyrillic) are tested.
  const capital = (t: Tokens[number]) => text.charCodeAt(t.start) < 0x0600 && /^\p{Lu}/u.test(text.slice(t.start, t.end));
  // A capital that opens a sentence says nothing.
  const sentenceStart = (t: Tokens[number]) => /(^|[.!?؟…]["'”»]?)\s*$/.test(text.slice(Math.max(0, t.start - 4), t.start));
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (!capital(t) || sentenceStart(t)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < tokens.length && tokens[j + 1].start - tokens[j].end <= 1 &&
      (capital(tokens[j + 1]) || (NAME_PARTICLES.has(tokens[j + 1].text) && j + 2 < tokens.length && capital(tokens[j + 2])))) j++;
    const run = tokens.slice(i, j + 1);
    const fresh = run.some((r) => !q.questionWords?.has(r.text));
    if (run.filter(capital).length >= 2 && fresh) {
      out.push({ start: run[0].start, end: run[run.length - 1].end, strength: 1.5 });
    }
    i = j + 1;
  }
  return out;
}

/**
 * The stretches of the passage that are the kind of thing the question asks
 * for: numbers for كم, dates for متى. A number grows over its neighbours
 * ("24 ماي 2022", "1.5 مليون"), and two joined by a connector become one
 * range ("من 21 نونبر إلى 18 دجنبر").
 */
function kindSpans(tokens: Tokens, q: AnswerQuery, months: Set<number>): KindSpan[] {
  if (q.kind !== 'number' && q.kind !== 'date') return [];
  const out: KindSpan[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!isKindToken(tokens[i], q, months)) {
      i++;
      continue;
    }
    const first = i;
    let last = i;
    let k = i + 1;
    while (k < tokens.length && tokens[k].start - tokens[k - 1].end <= 3) {
      const t = tokens[k];
      if (isKindToken(t, q, months) || SCALE_WORDS.has(t.text)) last = k;
      else if (!(CONNECTORS.has(t.text) && k + 1 < tokens.length && isKindToken(tokens[k + 1], q, months))) break;
      k++;
    }
    const run = tokens.slice(first, last + 1);
    const sure = strength(run, tokens[first - 1], tokens[last + 1], q, months);
    if (sure > 0) out.push({ start: run[0].start, end: run[run.length - 1].end, strength: sure });
    i = last + 1;
  }
  return out;
}

/** Whether a token is a year (a four-digit number from 1000 to 2100). */
function isYear(t: Tokens[number]): boolean {
  return t.kind === 'number' && /^\d{4}$/.test(t.text) && +t.text >= 1000 && +t.text <= 2100;
}

function strength(run: Tokens, before: Tokens[number] | undefined, after: Tokens[number] | undefined, q: AnswerQuery, months: Set<number>): number {
  const words = run.filter((t) => t.kind === 'word' && !CONNECTORS.has(t.text));
  const scaled = words.some((t) => SCALE_WORDS.has(t.text));
  const hasMonth = words.some((t) => !SCALE_WORDS.has(t.text));
  if (q.kind === 'date') {
    if (hasMonth) return 1.5;
    if (scaled) return 0; // "3 مليون" is a quantity, not a date.
    return run.some(isYear) ? 1 : 0.5;
  }
  // A count was asked. A bare year ("يوليوز 2020", "سنة 2022", "قطر 2022،") is seldom the answer;
  // a number followed at once by a word is a count ("1200 عامل").
  const yearOnly = run.every((t) => isYear(t) || CONNECTORS.has(t.text));
  if (!yearOnly) return 1;
  const last = run[run.length - 1];
  const countsSomething = after !== undefined && after.kind === 'word' && after.start - last.end === 1 && !months.has(after.start);
  const calledYear = before !== undefined && (YEAR_WORDS.has(before.text) || months.has(before.start));
  return countsSomething && !calledYear ? 1 : 0.4;
}

function isKindToken(t: Tokens[number], q: AnswerQuery, months: Set<number>): boolean {
  if (t.kind === 'number') {
    if (q.questionNumbers.has(t.text)) return false;
    if (q.kind === 'number') return true;
    const n = Number(t.text);
    return Number.isInteger(n) && ((n >= 1000 && n <= 2100) || (n >= 1 && n <= 31));
  }
  if (q.kind === 'number') return NUMBER_WORDS.has(t.text) || NUMBER_WORDS.has(withoutPrefixes(t.text));
  return months.has(t.start);
}

const WAW = 'و'.charCodeAt(0);
const FAA = 'ف'.charCodeAt(0);
const BAA = 'ب'.charCodeAt(0);
const LAM = 'ل'.charCodeAt(0);
const ALEF = 'ا'.charCodeAt(0);

/**
 * A word without a leading و ف ب or ل, then without a leading ال (وثلاثة،
 * بالمئة): what /^(و|ف|ب|ل)?(ال)?/ would cut, without a regex for every word
 * of the passage.
 */
function withoutPrefixes(word: string): string {
  const first = word.charCodeAt(0);
  let at = first === WAW || first === FAA || first === BAA || first === LAM ? 1 : 0;
  if (word.charCodeAt(at) === ALEF && word.charCodeAt(at + 1) === LAM) at += 2;
  return at === 0 ? word : word.slice(at);
}

/**
 * The answering span inside the unit: the strongest kind span, weighted by how
 * many of the question's words stand within a few words of it.
 */
function pickHighlight(spans: KindSpan[], terms: Term[], unit: Span, q: AnswerQuery): Span | undefined {
  const inside = spans.filter((s) => s.start >= unit.start && s.end <= unit.end);
  if (inside.length === 0) return undefined;
  const anchors = terms.filter((t) => t.start >= unit.start && t.end <= unit.end && q.weights.has(t.term));
  const total = [...q.weights.values()].reduce((a, b) => a + b, 0) || 1;
  let best: KindSpan | undefined;
  let bestScore = -1;
  for (const s of inside) {
    // Each question word near the span, by its distance: nearer words say more ("200 دركي").
    const near = new Map<string, number>();
    for (const a of anchors) {
      const gap = a.start >= s.end ? a.start - s.end : s.start >= a.end ? s.start - a.end : 0;
      if (gap <= NEAR_CHARS && gap < (near.get(a.term) ?? Infinity)) near.set(a.term, gap);
    }
    let w = 0;
    for (const [t, d] of near) w += (q.weights.get(t) ?? 0) * (1 - d / (NEAR_CHARS + 1));
    const score = s.strength * (1 + w / total);
    if (score > bestScore) {
      bestScore = score;
      best = s;
    }
  }
  return best;
}

/** How close (in characters) a question word must be to count as "near" an answer span. */
const NEAR_CHARS = 40;
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
