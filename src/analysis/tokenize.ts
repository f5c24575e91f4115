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

/** The class of the character at `i`, reading a surrogate pair whole; and its length. */
function classAt(text: string, i: number): [number, number] {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdbff || i + 1 >= text.length) return [classOf(code), 1];
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  const c = /\p{Nd}/u.test(ch) ? DIGIT : /[\p{L}\p{M}]/u.test(ch) ? LETTER : OTHER;
  return [c, 2];
}

/**
 * Cuts `text` into tokens: runs of letters (with their marks), or numbers with
 * an optional decimal part or thousands groups. Punctuation of every script
 * separates tokens and is dropped.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const [c, w] = classAt(text, i);
    if (c !== LETTER && c !== DIGIT) {
      i += w;
      continue;
    }
    const start = i;
    i += w;
    if (c === DIGIT) {
      for (;;) {
        while (i < text.length && classAt(text, i)[0] === DIGIT) i += classAt(text, i)[1];
        // A separator continues the number only when a digit follows it.
        if (i + 1 < text.length && classOf(text.charCodeAt(i)) === NUMBER_SEPARATOR && classAt(text, i + 1)[0] === DIGIT) i++;
        else break;
      }
    } else {
      while (i < text.length) {
        const [k, kw] = classAt(text, i);
        if (k !== LETTER) break;
        i += kw;
      }
    }
    const raw = text.slice(start, i);
    const norm = normalizeToken(raw, c === DIGIT);
    if (norm.length > 0) tokens.push({ text: norm, start, end: i, kind: c === DIGIT ? 'number' : 'word' });
  }
  return tokens;
}

const memo = new Map<string, string>();
const MEMO_MAX = 200_000;

/** The normalised form of one raw token, remembered: a text repeats its words. */
function normalizeToken(raw: string, isNumber: boolean): string {
  let n = memo.get(raw);
  if (n === undefined) {
    n = isNumber ? readNumber(normalize(raw)) : normalize(raw);
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(raw, n);
  }
  return n;
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
