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

const WAW = 'و'.charCodeAt(0);
const FAA = 'ف'.charCodeAt(0);

/** Whether a word opens with a conjunction that may be written attached to the next word (وهو، فهي، ولكن): و or ف. */
export function opensWithConjunction(word: string): boolean {
  const first = word.charCodeAt(0);
  return first === WAW || first === FAA;
}

/** True when a normalised word is a stop word, alone or after و/ف (وهذا، فقد). */
export function isStop(word: string): boolean {
  if (isStopWord(word)) return true;
  return word.length > 2 && opensWithConjunction(word) && isStopWord(word.slice(1));
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
  );
}

/**
 * The one loop that turns tokens into terms: two words that make a month name
 * together (تشرين الثاني) give one term; every other token gives the term
 * `termAt` says, or none. ({@link readText} writes the same loop out over its
 * remembered spellings; a test holds the two to the same terms.)
 */
function collectTerms(tokens: Token[], termAt: (i: number) => WordTerm | null): Term[] {
  const terms: Term[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    const pair = t.kind === 'word' && next && next.kind === 'word' ? monthPairTerm(t.text, next.text) : undefined;
    if (pair !== undefined) {
      terms.push({ term: pair, word: `${t.text} ${next.text}`, start: t.start, end: next.end, kind: 'month' });
      i++;
      continue;
    }
    const one = termAt(i);
    if (one) terms.push({ term: one.term, word: t.text, start: t.start, end: t.end, kind: one.kind });
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
  const month = monthOf(word) ?? (word.length > 3 && opensWithConjunction(word) ? monthOf(word.slice(1)) : undefined);
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

/**
 * The spellings read so far for one lexicon: a table over text ranges (a
 * spelling met before is found without cutting it out of the text), whose
 * values are places in the arrays below, one place per spelling. (Arrays side
 * by side rather than an object per spelling: {@link readText} looks up every
 * token of every passage it reads, and a place in a few compact arrays is
 * nearer in memory than objects made one at a time over the engine's life.)
 */
interface Readings {
  table: RawTokenTable;
  /** How many places are taken. */
  count: number;
  /**
   * Per place, three cells side by side (one cache line for the three, where
   * three arrays would cost a miss each on a place read long ago): at
   * `CELLS * place` the normalised token ('' when nothing is left of it), then
   * its term (a number's is the number; null for a stop word), then its term's
   * root-like key (see `skeleton`; the term itself for numbers and months),
   * once asked for.
   */
  cells: Array<string | null | undefined>;
  /**
   * {@link NUMBER}, {@link MONTH} (its term is a month), {@link HEAD} (it can
   * open a two-word month name, تشرين), {@link EMPTY} (nothing is left of the
   * token once normalised: tatweel alone, a mark alone).
   */
  flags: Uint8Array;
}
const CELLS = 3;
const TEXT = 0;
const TERM = 1;
const KEY = 2;
const NUMBER = 1;
const MONTH = 2;
const HEAD = 4;
const EMPTY = 8;
const readings = new WeakMap<object, Readings>();
/**
 * The most spellings remembered per lexicon: a text that could pass it (it has
 * at most one token per character: ab12 is two) finds them forgotten first,
 * and read afresh.
 */
const READINGS_MAX = 100_000;
/**
 * Spellings longer than this are not looked up nor kept in the table: words
 * are far shorter (17 letters at most in 100,000 passages), and the table keeps
 * a copy of each spelling it remembers. They still take a place, until the
 * spellings are next forgotten.
 */
const REMEMBERED_LENGTH = 64;

/** The spellings read so far for `lexicon`, with room for the tokens of a text of `length` characters. */
function readingsFor(lexicon: Lexicon | undefined, length: number): Readings {
  const key = lexicon ?? NO_LEXICON;
  let memo = readings.get(key);
  if (!memo) {
    memo = { table: new RawTokenTable(), count: 0, cells: [], flags: new Uint8Array(1024) };
    readings.set(key, memo);
  }
  if (memo.count + length > READINGS_MAX) {
    memo.table.clear();
    memo.count = memo.cells.length = 0;
  }
  if (memo.count + length > memo.flags.length) {
    const flags = new Uint8Array(Math.max(2 * memo.flags.length, memo.count + length));
    flags.set(memo.flags.subarray(0, memo.count));
    memo.flags = flags;
  }
  return memo;
}

/**
 * Reads one raw token (a word or a number, as `scan` says) into the next place
 * of `memo`, and returns that place. (Its term is not looked up in the memo of
 * words' terms: a spelling met for the first time is nearly always a word met
 * for the first time.)
 */
function addReading(memo: Readings, raw: string, isNumber: boolean, lexicon: Lexicon | undefined): number {
  const at = memo.count++;
  const text = readToken(raw, isNumber);
  let term: string | null = null;
  let flags = text.length === 0 ? EMPTY : 0;
  if (isNumber) {
    term = text;
    flags |= NUMBER;
  } else if (text.length > 0) {
    const read = wordTerm(text, lexicon);
    term = read && read.term;
    flags |= (read?.kind === 'month' ? MONTH : 0) | (isMonthPairHead(text) ? HEAD : 0);
  }
  // (The three cells are appended in order: the array stays packed.)
  const { cells } = memo;
  cells.push(text, term, undefined);
  memo.flags[at] = flags;
  return at;
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
  const memo = readingsFor(lexicon, text.length);
  const { table } = memo;
  const tokens: Token[] = [];
  const places: number[] = []; // Per token, its spelling's place in `memo`.
  scan(text, (start, end, isNumber) => {
    const long = end - start > REMEMBERED_LENGTH;
    let at = long ? undefined : table.get(text, start, end);
    if (at === undefined) {
      at = addReading(memo, text.slice(start, end), isNumber, lexicon);
      if (!long) table.set(text, start, end, at);
    }
    const f = memo.flags[at];
    if ((f & EMPTY) === 0) {
      tokens.push({ text: memo.cells[CELLS * at + TEXT] as string, start, end, kind: f & NUMBER ? 'number' : 'word' });
      places.push(at);
    }
  });
  // The loop of collectTerms, written out over the places (it runs over every token of every passage read).
  const { cells, flags } = memo;
  const terms: Term[] = [];
  const keys: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const at = places[i];
    const pair = flags[at] & HEAD && i + 1 < tokens.length && tokens[i + 1].kind === 'word' ? monthPairTerm(t.text, tokens[i + 1].text) : undefined;
    if (pair !== undefined) {
      const next = tokens[++i];
      terms.push({ term: pair, word: `${t.text} ${next.text}`, start: t.start, end: next.end, kind: 'month' });
      keys.push(pair);
      continue;
    }
    const cell = CELLS * at;
    const term = cells[cell + TERM];
    if (term === null || term === undefined) continue;
    const f = flags[at];
    const kind = f & NUMBER ? 'number' : f & MONTH ? 'month' : 'word';
    terms.push({ term, word: t.text, start: t.start, end: t.end, kind });
    let key = term;
    if (kind === 'word') {
      const known = cells[cell + KEY];
      key = known ?? (cells[cell + KEY] = skeleton(term));
    }
    keys.push(key);
  }
  return { tokens, terms, keys };
}

/** Analyses a text into its content terms (see the module comment). */
export function analyze(text: string, lexicon?: Lexicon): Term[] {
  return termsOf(tokenize(text), lexicon);
}

