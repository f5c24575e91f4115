/**
 * Which language a question is written in, so the bot answers in it.
 *
 * Arabic script (Modern Standard Arabic or Darija) → `ar`; Latin script is told
 * apart into French and English by their function words and accents. Anything
 * undecided falls back to the caller's guess (the user's platform locale).
 *
 * ```ts
 * detectLanguage('شكون هو حموشي؟')       // → 'ar'
 * detectLanguage('Qui est Hammouchi ?')  // → 'fr'
 * detectLanguage('Who is Hammouchi?')    // → 'en'
 * ```
 */
import type { Lang } from '../types.ts';

const FRENCH = new Set(
  'le la les des du de un une est sont qui que quoi quand quel quelle quels quelles combien comment pourquoi où ou et au aux avec pour dans sur par pas ce cette ces il elle ils elles je tu nous vous a-t-il y bonjour salut merci lire'.split(' '),
);
const ENGLISH = new Set(
  'the a an is are was were who what when where which why how many much did does do of in on at to for with and by from this that these it he she they hello hi thanks please'.split(' '),
);

/**
 * The language of `text`; `fallback` when the text does not tell (no letters,
 * or Latin words that are neither French nor English).
 */
export function detectLanguage(text: string, fallback: Lang = 'ar'): Lang {
  let arabic = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Arabic, Arabic Supplement and the Arabic presentation forms; Latin letters and Latin-1 accented ones.
    if ((c >= 0x0600 && c <= 0x06ff) || (c >= 0x0750 && c <= 0x077f) || (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff)) arabic++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0xff)) latin++;
  }
  if (arabic === 0 && latin === 0) return fallback;
  if (arabic >= latin) return 'ar';
  let fr = /[éèêàâùûçôîœ]/i.test(text) ? 2 : 0;
  let en = 0;
  for (const w of text.toLowerCase().split(/[^a-zà-ÿ'-]+/)) {
    if (FRENCH.has(w)) fr++;
    if (ENGLISH.has(w)) en++;
  }
  if (fr > en) return 'fr';
  if (en > fr) return 'en';
  return fallback === 'ar' ? 'en' : fallback;
}
