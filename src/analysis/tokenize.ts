/**
 * Tokenisation: cuts raw text into word and number tokens, keeping where each
 * token stands in the original text so that answers can be highlighted there.
 *
 * ```ts
 * tokenize('استقبل يوم ٢٤ ماي 2022، حموشي')
 * // → [{ text: 'استقبل', start: 0, end: 6 }, { text: 'يوم', ... },
 * //    { text: '24', kind: 'number', ... }, { text: 'ماي', ... }, ...]
 * ```
 *
 * A token's `text` is normalised ({@link normalize}); numbers keep a decimal
 * point (`1.5`, `١٫٥`) and lose thousands separators (`6,000` → `6000`).
 */
import { normalize } from './normalize.ts';

export interface Token {
  /** Normalised text. */
  text: string;
  /** Offsets `[start, end)` in the original string. */
  start: number;
  end: number;
  kind: 'word' | 'number';
}

const DIGITS_ONLY = /^[0-9]+$/;

/** Character classes: letters and marks make words, digits make numbers. */
const OTHER = 1;
const LETTER = 2;
const DIGIT = 3;
const NUMBER_SEPARATOR = 4; // . , ٫ ٬ between digits.
const CLASS = new Uint8Array(0x10000);

function classOf(code: number): number {
  let c = CLASS[code];
  if (c === 0) {
    const ch = String.fromCharCode(code);
    if (/\p{Nd}/u.test(ch)) c = DIGIT;
    else if (/[\p{L}\p{M}\u200C\u200D]/u.test(ch)) c = LETTER;
    else if (/[.,\u066B\u066C]/.test(ch)) c = NUMBER_SEPARATOR;
    else c = OTHER;
    CLASS[code] = c;
  }
  return c;
}

/** Width (1 or 2 code units) of the character last classified by {@link classAt}. */
let width = 1;

/** The class of the character at `i`, reading a surrogate pair whole (its width goes to `width`). */
function classAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdbff || i + 1 >= text.length) {
    width = 1;
    return CLASS[code] || classOf(code);
  }
  width = 2;
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  return /\p{Nd}/u.test(ch) ? DIGIT : /[\p{L}\p{M}]/u.test(ch) ? LETTER : OTHER;
}

/**
 * Where the run of characters of class `cls` starting at `i` ends (before `n`):
 * {@link classAt} with its table lookup written out for the common case, a
 * character of one code unit (this loop reads every letter of every passage).
 */
function runEnd(text: string, i: number, n: number, cls: number): number {
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      if (classAt(text, i) !== cls) break;
      i += width;
    } else if ((CLASS[code] || classOf(code)) === cls) i++;
    else break;
  }
  return i;
}

/**
 * Per UTF-16 code unit: {@link ENDS} for . ! ? ؟ … ۔, which end a sentence when
 * followed by white space or the end, {@link CLOSES} for the closing quotes
 * and brackets that may stand between; 0 for anything else.
 */
const PUNCTUATION = new Uint8Array(0x10000);
const ENDS = 1;
const CLOSES = 2;
for (const c of '.!?؟…۔') PUNCTUATION[c.charCodeAt(0)] = ENDS;
for (const c of '"\'”’»)]') PUNCTUATION[c.charCodeAt(0)] = CLOSES;

/** Whether a char code is one of . ! ? ؟ … ۔, which may end a sentence. */
export function isEndMark(code: number): boolean {
  return PUNCTUATION[code] === ENDS;
}

/**
 * White space, as the regex `\s` reads it (ECMAScript WhiteSpace and
 * LineTerminator), from a char code: the one test of white space for the
 * scan and the segmenter (see `segment.ts`), so that both end the same
 * sentences, and no one-character string and regex test per character.
 */
export function isWhiteSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/**
 * Walks `text` once and calls `token` for each token with its raw offsets and
 * whether it is a number, and `sentence` with the number of the sentence it
 * stands in (counted from 0; a sentence ends at . ! ? ؟ … before a space or
 * an Arabic letter (see {@link joinsArabicWords}), or at a line break, but not
 * a point after a one-letter word: م. ثيو). Allocates
 * nothing itself: the indexer calls it on every passage.
 */
export function scan(text: string, token: (start: number, end: number, isNumber: boolean, sentence: number) => void): void {
  let i = 0;
  let sentence = 0;
  let seen = false; // A token was emitted in the current sentence.
  let pendingBreak = false;
  const n = text.length;
  while (i < n) {
    const c = classAt(text, i);
    if (c !== LETTER && c !== DIGIT) {
      const code = text.charCodeAt(i);
      if (code === 10) pendingBreak = true;
      else if (code === 46 && afterInitial(text, i)) {
        // Not a sentence's end.
      } else if (PUNCTUATION[code] === ENDS) {
        let k = i + 1;
        while (k < n && PUNCTUATION[text.charCodeAt(k)] !== 0) k++;
        if (k >= n || isWhiteSpace(text.charCodeAt(k)) || joinsArabicWords(text, i, k)) pendingBreak = true;
      }
      i += width;
      continue;
    }
    const start = i;
    i += width;
    if (c === DIGIT) {
      for (;;) {
        i = runEnd(text, i, n, DIGIT);
        // A separator continues the number only when a digit follows it.
        if (i + 1 < n && classOf(text.charCodeAt(i)) === NUMBER_SEPARATOR && classAt(text, i + 1) === DIGIT) i++;
        else break;
      }
    } else {
      i = runEnd(text, i, n, LETTER);
    }
    if (pendingBreak && seen) {
      sentence++;
      seen = false;
    }
    pendingBreak = false;
    seen = true;
    token(start, i, c === DIGIT, sentence);
  }
}

/** Whether a char code is an Arabic letter (ء to ي). */
export function isArabicLetter(code: number): boolean {
  return code >= 0x0621 && code <= 0x064a;
}

/**
 * Whether the run of marks text[at, next) (an end mark, perhaps with closing
 * quotes) stands with no space between an Arabic word, or a closing bracket
 * or quote, and an Arabic letter ("…الرقمية.لكن دي إي سي", "(1288).كانت"): a
 * space lost when the text was typed or pasted. Not an abbreviation: the
 * Arabic ones put their point after a single letter (ق.م، ص.ب), which
 * {@link afterInitial} keeps; nor a number or an address, which are not
 * followed by an Arabic letter.
 */
export function joinsArabicWords(text: string, at: number, next: number): boolean {
  if (at === 0 || next >= text.length || !isArabicLetter(text.charCodeAt(next))) return false;
  const before = text.charCodeAt(at - 1);
  return isArabicLetter(before) || PUNCTUATION[before] === CLOSES;
}

/**
 * The Arabic names of Latin letters, as a Latin initial is written in Arabic
 * script (جون إف. كينيدي، جورج دبليو. بوش، جيمس أو. ماكينزي), normalised.
 * Several are also short words (في، أو، إن), but those are prepositions and
 * conjunctions, which never end a sentence before the next word.
 */
const LETTER_NAMES = new Set(
  'ايه بي سي دي اي اف جي اتش اي جيه جاي كيه كاي ال ام ان او كيو ار اس تي يو في دبليو اكس واي زد'.split(' ').map(normalize),
);
/** The longest of {@link LETTER_NAMES}, in characters. */
const LETTER_NAME_MAX = 5;

/**
 * Whether the point at `at` follows a one-letter word, with its marks if any:
 * an initial or an abbreviation (م. ثيو كيرني، J. Smith), not a sentence's end.
 * A Latin initial written in Arabic letters (جون سي. ميسنجر) is one too, when
 * a word follows the point.
 */
export function afterInitial(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== 46) return false;
  let k = at - 1;
  while (k >= 0 && isMark(text.charCodeAt(k))) k--;
  if (k < 0 || classOf(text.charCodeAt(k)) !== LETTER) return false;
  if (k === 0) return true;
  const before = classOf(text.charCodeAt(k - 1));
  if (before !== LETTER && before !== DIGIT) return true;
  return spelledInitial(text, k, at);
}

/** Whether the word ending at `last` (the point at `at` after it) is a Latin letter's Arabic name, with a word after the point. */
function spelledInitial(text: string, last: number, at: number): boolean {
  let start = last;
  while (start > 0 && classOf(text.charCodeAt(start - 1)) === LETTER) start--;
  if (last + 1 - start > LETTER_NAME_MAX + 2 || (start > 0 && classOf(text.charCodeAt(start - 1)) === DIGIT)) return false;
  if (!LETTER_NAMES.has(normalize(text.slice(start, last + 1)))) return false;
  const next = at + 1;
  return next + 1 < text.length && text.charCodeAt(next) === 32 && classOf(text.charCodeAt(next + 1)) === LETTER;
}

/** Tashkeel, superscript alef and Latin combining marks. */
function isMark(code: number): boolean {
  return (code >= 0x064b && code <= 0x065f) || code === 0x0670 || (code >= 0x0300 && code <= 0x036f);
}

/**
 * Cuts `text` into tokens: runs of letters (with their marks), or numbers with
 * an optional decimal part or thousands groups. Punctuation of every script
 * separates tokens and is dropped.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  scan(text, (start, end, isNumber) => {
    const norm = normalizeToken(text.slice(start, end), isNumber);
    if (norm.length > 0) tokens.push({ text: norm, start, end, kind: isNumber ? 'number' : 'word' });
  });
  return tokens;
}

const memo = new Map<string, string>();
const MEMO_MAX = 100_000;

/** The normalised form of one raw token, remembered: a text repeats its words. */
export function normalizeToken(raw: string, isNumber: boolean): string {
  let n = memo.get(raw);
  if (n === undefined) {
    n = readToken(raw, isNumber);
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(raw, n);
  }
  return n;
}

/**
 * The normalised form of one raw token, not remembered: for callers that
 * already meet each raw form once (the indexer's raw-token table), where the
 * memo of {@link normalizeToken} would only cost.
 */
export function readToken(raw: string, isNumber: boolean): string {
  return isNumber ? readNumber(normalize(raw)) : normalize(raw);
}

/** `6,000` → `6000`, `1,5` → `1.5`, `2.023.000` → `2023000`; anything else unchanged. */
function readNumber(n: string): string {
  if (DIGITS_ONLY.test(n)) return n;
  const groups = n.split(/[.,]/);
  const [head, ...rest] = groups;
  if (rest.length > 0 && head.length <= 3 && rest.every((g) => g.length === 3)) {
    // Thousands groups, unless it is a single "1.500"-style decimal written with a point.
    if (rest.length > 1 || n.includes(',')) return groups.join('');
  }
  if (groups.length === 2) return `${head}.${rest[0]}`;
  return groups.join('');
}
