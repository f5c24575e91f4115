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

// Letters (with their marks), or a number with optional decimal part or thousands groups.
const TOKEN =
  /[\p{Nd}]+(?:[.,\u066B\u066C][\p{Nd}]+)*|[\p{L}\p{M}\u200C\u200D]+/gu;
const DIGITS_ONLY = /^[0-9]+$/;

/** Cuts `text` into tokens. Punctuation of every script separates tokens and is dropped. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    const start = m.index ?? 0;
    const isNumber = /^\p{Nd}/u.test(raw);
    const norm = normalizeToken(raw, isNumber);
    if (norm.length === 0) continue;
    tokens.push({ text: norm, start, end: start + raw.length, kind: isNumber ? 'number' : 'word' });
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
