/**
 * Cutting text into sentences and clauses, with offsets.
 *
 * A sentence ends at . ! ? ؟ … before a space (or at a line break), and at
 * one with no space before an Arabic letter (a space lost in typing:
 * "الرقمية.لكن"); a clause ends at ، ؛ , ; : as well. Decimal points and
 * thousands separators inside numbers (1.5، 6,000) and the point after an
 * initial (م. ثيو كيرني) never end anything.
 *
 * ```ts
 * sentences('قال كذا. ثم قال؟ نعم') // → spans of 'قال كذا.', 'ثم قال؟', 'نعم'
 * ```
 */
import type { Span } from '../types.ts';
import { afterInitial, isEndMark, isWhiteSpace, joinsArabicWords } from '../analysis/tokenize.ts';

// A mark ends a sentence (or clause) before a space or the end; before an Arabic letter, `cut`
// keeps it only when it is an end mark with a space lost (see `joinsArabicWords`). (The check is
// code, not a lookbehind: a regex that opens with one is tried at every character, 5 times slower.)
const SENTENCE_END = /[.!?؟…۔]+["'”’»)\]]*(?=[\s\u0621-\u064a]|$)|\n+/g;
const CLAUSE_END = /[.!?؟…۔،؛;:]+["'”’»)\]]*(?=[\s\u0621-\u064a]|$)|,(?=\s)|\n+/g;

function cut(text: string, re: RegExp): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0;
    const end = at + m[0].length;
    if (afterInitial(text, at)) continue;
    const beforeLetter = end < text.length && !isWhiteSpace(text.charCodeAt(end)) && text.charCodeAt(at) !== 10;
    if (beforeLetter && !(isEndMark(text.charCodeAt(at)) && joinsArabicWords(text, at, end))) continue;
    pushTrimmed(text, start, end, spans);
    start = end;
  }
  pushTrimmed(text, start, text.length, spans);
  return spans;
}

function pushTrimmed(text: string, start: number, end: number, out: Span[]): void {
  while (start < end && isWhiteSpace(text.charCodeAt(start))) start++;
  while (end > start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  if (end > start) out.push({ start, end });
}

/** Sentence spans of `text`. */
export function sentences(text: string): Span[] {
  return cut(text, SENTENCE_END);
}

/** Clause spans of `text` (sentences further cut at commas, semicolons and colons). */
export function clauses(text: string): Span[] {
  return cut(text, CLAUSE_END);
}

/**
 * Groups consecutive spans into chunks of about `target` characters and never
 * more than `max` (a single span longer than `max` is cut at its clauses, then
 * at spaces). Returns spans of `text`.
 */
export function chunk(text: string, units: Span[], target: number, max: number, overlap = false): Span[] {
  const pieces: Span[] = [];
  for (const u of units) {
    if (u.end - u.start <= max) {
      pieces.push(u);
      continue;
    }
    const inner = clauses(text.slice(u.start, u.end)).map((c) => ({ start: c.start + u.start, end: c.end + u.start }));
    for (const c of inner) {
      if (c.end - c.start <= max) pieces.push(c);
      else pieces.push(...hardCut(text, c, max));
    }
  }
  // Balance: as many chunks as the total length needs, filled greedily up to an even share.
  const total = pieces.reduce((n, p) => n + (p.end - p.start), 0);
  const count = Math.max(1, Math.ceil(total / target));
  const share = Math.max(total / count, 1);
  const out: Span[] = [];
  let cur: Span | undefined;
  let own = 0; // Where `cur`'s own text starts (after the sentence it repeats from the chunk before).
  let last: Span | undefined; // The last piece of `cur`.
  for (const p of pieces) {
    if (!cur) {
      cur = { ...p };
      own = p.start;
      last = p;
      continue;
    }
    const len = cur.end - own;
    const grown = p.end - own;
    if (p.end - cur.start <= max && (len < share * 0.9 || grown <= share * 1.1)) cur.end = p.end;
    else {
      out.push(cur);
      // With `overlap`, the next chunk opens with the last sentence of this one, when it fits:
      // a sentence that leads into the next one stays with it.
      const lead = overlap && last && last.start > cur.start && p.end - last.start <= max ? last : p;
      cur = { start: lead.start, end: p.end };
      own = p.start;
    }
    last = p;
  }
  if (cur) out.push(cur);
  return out;
}

function hardCut(text: string, span: Span, max: number): Span[] {
  const out: Span[] = [];
  let start = span.start;
  while (span.end - start > max) {
    let end = text.lastIndexOf(' ', start + max);
    if (end <= start) end = start + max;
    out.push({ start, end });
    start = end + 1;
  }
  if (span.end > start) out.push({ start, end: span.end });
  return out;
}
