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

const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const LTR_LETTER = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]/;

/**
 * `text` in direction isolates when the line around it could reorder it: it
 * holds letters of the other direction than the reader's language, or digits
 * (an Arabic line turns `2022-05-24` into `24-05-2022` otherwise).
 *
 * ```ts
 * isolateForReader('Maroc Hebdo', 'ar') // → '\u2068Maroc Hebdo\u2069'
 * isolateForReader('ماروك إيبدو', 'ar') // → 'ماروك إيبدو'
 * ```
 */
export function isolateForReader(text: string, lang: 'ar' | 'fr' | 'en'): string {
  const opposite = lang === 'ar' ? LTR_LETTER.test(text) : RTL_LETTER.test(text);
  return opposite || /\d/.test(text) ? isolate(text) : text;
}

/**
 * `text` with every occurrence of each phrase (as written in it) passed
 * through `wrap`: the headlines a decline names, isolated for direction.
 */
export function wrapPhrases(text: string, phrases: readonly string[], wrap: (phrase: string) => string): string {
  const spans: Array<{ start: number; end: number }> = [];
  for (const p of phrases) {
    if (!p) continue;
    for (let at = text.indexOf(p); at !== -1; at = text.indexOf(p, at + p.length)) {
      const end = at + p.length;
      if (!spans.some((s) => at < s.end && end > s.start)) spans.push({ start: at, end });
    }
  }
  let out = '';
  let last = 0;
  for (const s of spans.sort((x, y) => x.start - y.start)) {
    out += text.slice(last, s.start) + wrap(text.slice(s.start, s.end));
    last = s.end;
  }
  return out + text.slice(last);
}

/** `url` normalised when it is an http(s) URL with a host (what a chat link may point to); else undefined. */
export function httpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url.trim());
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname ? u.href : undefined;
  } catch {
    return undefined;
  }
}
