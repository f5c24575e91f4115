/**
 * Page furniture: the bits of a scraped web page that are not article text
 * ("back to top" buttons, "read also" teasers, share buttons, breadcrumbs...).
 *
 * The loader drops them as whole lines (Markdown, plain text) or whole
 * paragraphs (HTML), in every format. Two rules, both deliberately simple:
 *
 * 1. **Whole-line phrases.** A line is furniture when, after
 *    {@link normaliseForMatch light normalisation}, it is exactly one of the
 *    phrases of {@link FURNITURE_PHRASES} (a trailing colon, arrow or other
 *    punctuation is allowed: `اقرأ أيضا:`, `Back to top ↑`). A sentence that merely
 *    *contains* such words is never dropped.
 * 2. **"Read also" teasers.** A line that starts with one of
 *    {@link TEASER_PREFIXES} immediately followed by a colon, and whose rest is a
 *    link to another article (`اقرأ أيضا: [headline](url)` in Markdown, `<p>Lire
 *    aussi : <a>headline</a></p>` in HTML), is dropped. In plain text, where the
 *    links are lost, any line that starts with such a prefix and a colon counts as
 *    a teaser. See {@link splitTeaser}.
 */

/**
 * Whole-line phrases that are page furniture, as written on the page (the match
 * is done on their {@link normaliseForMatch normalised} form, so hamza/alef
 * variants, tanween, accents and case do not matter).
 */
export const FURNITURE_PHRASES: readonly string[] = [
  // Arabic
  'زر الذهاب إلى الأعلى',
  'الذهاب إلى الأعلى',
  'العودة إلى الأعلى',
  'اقرأ أيضا',
  'اقرأ أيضاً',
  'إقرأ أيضا',
  'اقرأ المزيد',
  'شارك',
  'شارك هذا المقال',
  'شارك المقال',
  'مشاركة',
  'تابعونا على',
  'للمزيد',
  'الرئيسية',
  'إعلان',
  'مقالات ذات صلة',
  'أخبار ذات صلة',
  // French
  'Lire aussi',
  'Lire la suite',
  'Retour en haut',
  'Partager',
  'Partager cet article',
  'Publicité',
  'À lire aussi',
  'À lire également',
  'Articles similaires',
  // English
  'Back to top',
  'Read more',
  'Read also',
  'Share',
  'Share this article',
  'Advertisement',
  'Related articles',
  // Share buttons that end up on a line of their own
  'Facebook',
  'Twitter',
  'WhatsApp',
  'Telegram',
  'LinkedIn',
  'فيسبوك',
  'تويتر',
  'واتساب',
];

/**
 * Openings of "read also" teasers: `<prefix>: <link to another article>`.
 * Matched on the {@link normaliseForMatch normalised} text before the first colon.
 */
export const TEASER_PREFIXES: readonly string[] = [
  'اقرأ أيضا',
  'اقرأ أيضاً',
  'إقرأ أيضا',
  'اقرأ المزيد',
  'Lire aussi',
  'À lire aussi',
  'À lire également',
  'Lire la suite',
  'Read also',
  'Read more',
  'Related',
];

/** Leading/trailing characters ignored when matching: punctuation, symbols (arrows), spaces. */
const EDGE = /^[\p{P}\p{S}\p{Z}\s]+|[\p{P}\p{S}\p{Z}\s]+$/gu;

/**
 * Light normalisation used only for *matching* furniture (never applied to the
 * text that is kept): Unicode decomposition with combining marks removed (so
 * `أ`/`إ`/`آ` → `ا`, tanween and harakat vanish, `À` → `a`), tatweel removed,
 * `ى` → `ي`, case-folded, spaces collapsed, and punctuation, symbols and arrows
 * stripped from both ends.
 */
export function normaliseForMatch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\u0640/g, '')
    .replace(/\u0649/g, '\u064A')
    .toLowerCase()
    .replace(/[\p{Z}\s]+/gu, ' ')
    .replace(EDGE, '');
}

const PHRASES = new Set(FURNITURE_PHRASES.map(normaliseForMatch));
const PREFIXES = new Set(TEASER_PREFIXES.map(normaliseForMatch));

/** True when the whole line is a furniture phrase (optionally followed by a colon or arrow). */
export function isFurniture(line: string): boolean {
  const key = normaliseForMatch(line);
  return key !== '' && PHRASES.has(key);
}

/**
 * When `line` starts with a teaser prefix followed by a colon (`اقرأ أيضا: ...`),
 * returns what follows the colon (trimmed); otherwise `undefined`. The caller
 * decides whether that rest is a link (Markdown, HTML) or takes it as one (plain
 * text).
 */
export function splitTeaser(line: string): string | undefined {
  const m = /^([^:：]{1,40})[:：](.*)$/su.exec(line);
  if (!m) return undefined;
  if (!PREFIXES.has(normaliseForMatch(m[1]))) return undefined;
  const rest = m[2].trim();
  return rest === '' ? undefined : rest;
}
