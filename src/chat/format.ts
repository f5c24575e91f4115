/**
 * Text shaping every platform needs: cutting at a sentence to fit a limit,
 * and keeping mixed Arabic and Latin text in the right order.
 *
 * ```ts
 * cutAtSentence(longPassage, 1000) // → the longest run of whole sentences that fits, + '…'
 * isolate('Maroc Hebdo')          // → '\u2068Maroc Hebdo\u2069'
 * ```
 */

const ELLIPSIS = '…';

/**
 * `text` if it fits in `max` characters; else its longest prefix that ends at a
 * sentence end (else a clause end, else a space) followed by an ellipsis.
 */
export function cutAtSentence(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = wholeChars(text, Math.max(0, max - ELLIPSIS.length));
  const ends = [/[.!?؟…](?=\s)/g, /[،,؛;:](?=\s)/g, /\s/g];
  for (const re of ends) {
    let last = -1;
    for (const m of room.matchAll(re)) last = (m.index ?? 0) + (m[0].trim() ? m[0].length : 0);
    // Only accept a cut that keeps at least half of the room.
    if (last >= room.length / 2) return room.slice(0, last).trimEnd() + ELLIPSIS;
  }
  return room.trimEnd() + ELLIPSIS;
}

/** `text.slice(0, end)` without cutting an emoji or other astral character in half. */
function wholeChars(text: string, end: number): string {
  const code = text.charCodeAt(end - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end);
}

/**
 * Wraps text in first-strong isolates (U+2068 … U+2069) so a Latin title in an
 * Arabic line, or an Arabic quote in a Latin line, keeps its own direction and
 * does not reorder the numbers and punctuation around it.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** Splits `text` into pieces of at most `max` characters, at sentence ends where possible. */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const piece = cutAtSentence(rest, max + 1).replace(/…$/, '');
    const taken = piece.length > 0 ? piece.length : wholeChars(rest, max).length || max;
    out.push(rest.slice(0, taken).trimEnd());
    rest = rest.slice(taken).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}
