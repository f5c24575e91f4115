/**
 * Character-level normalisation: the first step of the analysis chain.
 *
 * It folds the many ways one Arabic word is written into one form, so that a
 * question typed on a phone without hamzas or tashkeel meets the article's
 * carefully written text:
 *
 * ```ts
 * normalize('إِنَّ المسؤولين') // → 'ان المسوولين'
 * normalize('يوم ٢٤ ماي')    // → 'يوم 24 ماي'
 * ```
 *
 * Every change maps one character to at most one character, so offsets in the
 * normalised text never move past offsets in the original (see {@link normalizeChar}).
 */

/** Tashkeel, Quranic annotation marks and superscript alef. */
const DIACRITICS = /[\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED]/;
/** Tatweel, bidi controls, zero-width characters, soft hyphen, BOM. */
const INVISIBLE = /[\u0640\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;
/** Latin combining marks, left after NFD of é, ç and friends. */
const LATIN_MARKS = /[\u0300-\u036F]/;

const FOLD: Record<string, string> = {
  // Alef forms and hamza seats.
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ٲ': 'ا', 'ٳ': 'ا',
  'ؤ': 'و', 'ئ': 'ي',
  // Alef maqsura and taa marbuta, as most search systems for Arabic fold them.
  'ى': 'ي', 'ة': 'ه',
  // Persian and Urdu letter forms that Arabic keyboards sometimes produce.
  'ی': 'ي', 'ے': 'ي', 'ک': 'ك', 'ہ': 'ه', 'ە': 'ه',
  // Arabic decimal separator reads as a point; the thousands separator is dropped.
  '\u066B': '.', '\u066C': '',
  // Arabic punctuation reads as its Latin counterpart.
  '،': ',', '؛': ';', '؟': '?', '٪': '%', '۔': '.',
};

/**
 * Normalises one character (already NFKC-composed). Returns `''` for characters
 * that carry no meaning for search (tashkeel, tatweel, bidi marks).
 */
export function normalizeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch.length === 1) {
    const hit = TABLE[code];
    if (hit !== undefined) return hit;
    const mapped = computeChar(ch, code);
    TABLE[code] = mapped;
    // (A combining hamza or madda is a diacritic, which the table drops: never kept.)
    if (code < 0xd800 || code > 0xdfff) STATE[code] = mapped === ch && !NFKC_CHARS.test(ch) ? KEPT : CHANGED;
    return mapped;
  }
  return computeChar(ch, code);
}

/** Per-character results, filled as characters are met (the analysis runs over every passage). */
const TABLE: Array<string | undefined> = new Array(0x10000);

function computeChar(ch: string, code: number): string {
  // Arabic-Indic ٠-٩ and Persian ۰-۹ digits.
  if (code >= 0x0660 && code <= 0x0669) return String.fromCharCode(code - 0x0660 + 48);
  if (code >= 0x06f0 && code <= 0x06f9) return String.fromCharCode(code - 0x06f0 + 48);
  if (DIACRITICS.test(ch) || INVISIBLE.test(ch)) return '';
  const folded = FOLD[ch];
  if (folded !== undefined) return folded;
  if (code < 0x0600) {
    // Latin: lower case without accents (é → e), so "Décembre" meets "decembre".
    const bare = ch.normalize('NFD').replace(LATIN_MARKS, '');
    return bare.toLowerCase();
  }
  return ch;
}

/** Characters that NFKC changes in ways the table does not cover: presentation forms, ligatures, full-width forms. */
const NFKC_CHARS = /[\u00BC-\u00BE\u2070-\u218F\u2460-\u24FF\uFB00-\uFFEF]/;
/** Those, or an alef, waw or yaa followed by a combining hamza or madda (which NFKC composes into one letter). */
const NEEDS_NFKC = new RegExp(`${NFKC_CHARS.source}|[\u0622-\u0627\u0648\u064A][\u0653-\u0655]`);

/**
 * Hamza before a long u is written on a waw (مسؤول، شؤون، رؤوس) in one
 * convention and on a yaa (مسئول، شئون، رئوس) in the other: read both as the first.
 */
const HAMZA_BEFORE_U = /ئو/g;

/**
 * Per UTF-16 code unit: {@link KEPT} once the table is known to leave it as it
 * is, {@link CHANGED} once it is known to change it, 0 before it is met (and
 * always for surrogates).
 */
const STATE = new Uint8Array(0x10000);
const KEPT = 1;
const CHANGED = 2;

/** Normalises a whole string (see the module comment). */
export function normalize(text: string): string {
  // Most words need no change at all: a word made only of characters the table keeps (and that NFKC
  // leaves alone) is returned as it is; otherwise the string is built from the first character that
  // changes (or is met for the first time).
  let i = 0;
  while (i < text.length && STATE[text.charCodeAt(i)] === KEPT) i++;
  if (i === text.length) return text;
  let composed = NEEDS_NFKC.test(text) ? text.normalize('NFKC') : text;
  if (composed.includes('ئو')) composed = composed.replace(HAMZA_BEFORE_U, 'ؤو');
  const n = composed.length;
  if (composed !== text) {
    i = 0;
    while (i < n && STATE[composed.charCodeAt(i)] === KEPT) i++;
    if (i === n) return composed;
  }
  let out = i === 0 ? '' : composed.slice(0, i);
  for (; i < n; i++) {
    const code = composed.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < n) {
      // A character outside the basic plane (emoji, rare scripts): kept as it is.
      out += composed[i] + composed[i + 1];
      i++;
      continue;
    }
    out += TABLE[code] ?? normalizeChar(composed[i]);
  }
  return out;
}
