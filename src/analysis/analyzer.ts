/**
 * The analysis chain, composed in one place: the same chain reads passages at
 * index time and questions at query time.
 *
 *   text → tokenize (normalise each token, read numbers)
 *        → months (Maghrebi / Eastern / Levantine / French / English → `month:MM`)
 *        → stop words (dropped)
 *        → light stemming (article, clitics, suffixes)
 *
 * ```ts
 * const terms = analyze('متى زار حموشي ملعب لوسيل؟');
 * terms.map((t) => t.term) // → ['زار', 'حموش', 'ملعب', 'لوسيل']
 * ```
 */
import { readToken, scan, tokenize, type Token } from './tokenize.ts';
import { RawTokenTable } from './raw-tokens.ts';
import { monthOf, monthOfPair, monthTerm } from './months.ts';
import { isStopWord } from './stopwords.ts';
import { skeleton, stem, type Lexicon } from './stem.ts';

export interface Term {
  /** The index term: a stem, a number, or `month:MM`. */
  term: string;
  /** The normalised word(s) it came from. */
  word: string;
  /** Offsets `[start, end)` in the analysed text. */
  start: number;
  end: number;
  kind: 'word' | 'number' | 'month';
}

/** Conjunctions that may be written attached to a stop word (وهو، فهي، ولكن). */
const CONJUNCTION = /^[وف]/;

/** True when a normalised word is a stop word, alone or after و/ف (وهذا، فقد). */
export function isStop(word: string): boolean {
  if (isStopWord(word)) return true;
  return CONJUNCTION.test(word) && word.length > 2 && isStopWord(word.slice(1));
}

/**
 * Runs tokens through the month, stop word and stemming steps. Exposed for
 * callers that already hold tokens; the engine reads questions and passages
 * with {@link readText}.
 */
export function termsOf(tokens: Token[], lexicon?: Lexicon): Term[] {
  const memo = memoOf(lexicon);
  return collectTerms(
    tokens,
    (i) => (tokens[i].kind === 'number' ? { term: tokens[i].text, kind: 'number' } : wordTermOf(tokens[i].text, lexicon, memo)),
    () => true,
  );
}

/**
 * The one loop that turns tokens into terms: two words that make a month name
 * together (تشرين الثاني) give one term; every other token gives the term
 * `termAt` says, or none. `mayOpenPair(i)` may rule out a pair cheaply;
 * `onTerm` hears each term with the index of its (first) token.
 */
function collectTerms(
  tokens: Token[],
  termAt: (i: number) => WordTerm | null,
  mayOpenPair: (i: number) => boolean,
  onTerm?: (term: Term, i: number) => void,
): Term[] {
  const terms: Term[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    const pair = t.kind === 'word' && next && next.kind === 'word' && mayOpenPair(i) ? monthPairTerm(t.text, next.text) : undefined;
    let term: Term;
    if (pair !== undefined) {
      term = { term: pair, word: `${t.text} ${next.text}`, start: t.start, end: next.end, kind: 'month' };
    } else {
      const one = termAt(i);
      if (!one) continue;
      term = { term: one.term, word: t.text, start: t.start, end: t.end, kind: one.kind };
    }
    terms.push(term);
    onTerm?.(term, i);
    if (pair !== undefined) i++;
  }
  return terms;
}

/** True when a normalised word can open a two-word month name (تشرين، كانون). */
export function isMonthPairHead(word: string): boolean {
  return monthOfPair(word, 'الثاني') !== undefined || monthOfPair(word, 'الاول') !== undefined;
}

/** The month term two consecutive normalised words make together (تشرين الثاني), if any. */
export function monthPairTerm(first: string, second: string): string | undefined {
  const m = monthOfPair(first, second);
  return m === undefined ? undefined : monthTerm(m);
}

/**
 * The index term of one normalised token (after the month, stop word and
 * stemming steps), or null when it is a stop word. For the indexer, which
 * asks once for each distinct word (so nothing is remembered).
 */
export function termOfWord(word: string, kind: 'word' | 'number', lexicon?: Lexicon): WordTerm | null {
  if (kind === 'number') return { term: word, kind: 'number' };
  return wordTerm(word, lexicon);
}

type WordTerm = { term: string; kind: Term['kind'] };
const NO_LEXICON = {};
const memos = new WeakMap<object, Map<string, WordTerm | null>>();

/** The memo of words' terms for one lexicon (a word's term depends on the lexicon). */
function memoOf(lexicon: Lexicon | undefined): Map<string, WordTerm | null> {
  const key = lexicon ?? NO_LEXICON;
  let memo = memos.get(key);
  if (!memo) memos.set(key, (memo = new Map()));
  return memo;
}

/**
 * The term of a normalised word (a month, else its stem), or null for a stop
 * word. The single place where a word becomes a term: {@link termsOf},
 * {@link readText} and the indexer all come here.
 */
function wordTerm(word: string, lexicon: Lexicon | undefined): WordTerm | null {
  const month = monthOf(word) ?? monthOf(stripConjunction(word));
  if (month !== undefined) return { term: monthTerm(month), kind: 'month' };
  if (isStop(word)) return null;
  const s = stem(word, lexicon);
  return s.length < 2 ? null : { term: s, kind: 'word' };
}

/** {@link wordTerm}, remembered in `memo`. */
function wordTermOf(word: string, lexicon: Lexicon | undefined, memo: Map<string, WordTerm | null>): WordTerm | null {
  let term = memo.get(word);
  if (term === undefined) {
    term = wordTerm(word, lexicon);
    if (memo.size >= 100_000) memo.clear();
    memo.set(word, term);
  }
  return term;
}

/** A text's tokens and terms, with each term's root-like key (see `skeleton`). */
export interface TextReading {
  tokens: Token[];
  terms: Term[];
  /** `keys[i]` is the root-like key of `terms[i]` (the term itself for numbers and months). */
  keys: string[];
}

/** What one spelling of a token reads as, remembered by the spelling. */
interface Reading {
  /** The normalised token ('' when nothing is left of it). */
  text: string;
  kind: Token['kind'];
  /** Its term (a number's is the number), or null for a stop word. */
  term: WordTerm | null;
  /** Whether it can open a two-word month name (تشرين). */
  head: boolean;
  key?: string;
}

/**
 * The spellings read so far for one lexicon: a table over text ranges (a
 * spelling met before is found without cutting it out of the text), whose
 * values are places in `list`.
 */
interface Readings {
  table: RawTokenTable;
  list: Reading[];
}
const readings = new WeakMap<object, Readings>();
/** The most spellings remembered per lexicon; then they are forgotten and read afresh. */
const READINGS_MAX = 100_000;
/**
 * Spellings longer than this are read afresh each time, not remembered: words
 * are far shorter (17 letters at most in 100,000 passages), and the table
 * keeps a copy of each spelling it remembers.
 */
const REMEMBERED_LENGTH = 64;

/**
 * Reads one raw token (a word or a number, as `scan` says). (Its term is not
 * looked up in the memo of words' terms: a spelling met for the first time is
 * nearly always a word met for the first time.)
 */
function readingOf(raw: string, isNumber: boolean, lexicon: Lexicon | undefined): Reading {
  const text = readToken(raw, isNumber);
  if (isNumber) return { text, kind: 'number', term: { term: text, kind: 'number' }, head: false };
  return { text, kind: 'word', term: text.length > 0 ? wordTerm(text, lexicon) : null, head: isMonthPairHead(text) };
}

/**
 * {@link tokenize} and {@link termsOf} in one pass, for texts read at question
 * time (the question, and the whole passages the answer picker reads): each
 * spelling is normalised, checked for a month and stemmed once, then
 * remembered with its root-like key.
 *
 * ```ts
 * const { tokens, terms, keys } = readText('واستقبل الوزير الوفد', lexicon);
 * ```
 */
export function readText(text: string, lexicon?: Lexicon): TextReading {
  const key = lexicon ?? NO_LEXICON;
  let memo = readings.get(key);
  if (!memo) readings.set(key, (memo = { table: new RawTokenTable(), list: [] }));
  const { table, list } = memo;
  const tokens: Token[] = [];
  const read: Reading[] = [];
  scan(text, (start, end, isNumber) => {
    const long = end - start > REMEMBERED_LENGTH;
    const at = long ? undefined : table.get(text, start, end);
    let r: Reading;
    if (at !== undefined) r = list[at];
    else {
      r = readingOf(text.slice(start, end), isNumber, lexicon);
      if (!long) {
        if (list.length >= READINGS_MAX) {
          table.clear();
          list.length = 0;
        }
        table.set(text, start, end, list.length);
        list.push(r);
      }
    }
    if (r.text.length > 0) {
      tokens.push({ text: r.text, start, end, kind: r.kind });
      read.push(r);
    }
  });
  const keys: string[] = [];
  const terms = collectTerms(
    tokens,
    (i) => read[i].term,
    (i) => read[i].head,
    (term, i) => {
      keys.push(term.kind === 'word' ? (read[i].key ??= skeleton(term.term)) : term.term);
    },
  );
  return { tokens, terms, keys };
}

/** Analyses a text into its content terms (see the module comment). */
export function analyze(text: string, lexicon?: Lexicon): Term[] {
  return termsOf(tokenize(text), lexicon);
}

function stripConjunction(w: string): string {
  return w.length > 3 && CONJUNCTION.test(w) ? w.slice(1) : w;
}
