/**
 * Light stemming of Arabic: removes the definite article, attached
 * conjunctions and prepositions, and the common suffixes, so that
 * المسؤولين، مسؤولون and مسؤول meet. It is a light stemmer in the family of
 * Larkey's light10 (no roots, no patterns), on normalised words.
 *
 * ```ts
 * stemCore('القطريين')  // → 'قطر'
 * stem('بمدينه', lexicon) // → 'مدين' when the knowledge knows مدينة, else 'بمدين'
 * ```
 *
 * Single-letter proclitics (و ف ب ك ل) are ambiguous: in وزير or بلد the
 * letter is part of the word. Light10 strips و regardless, which splits
 * الوزير (→ وزير) from وزير (→ زير). Here a proclitic is removed only when what
 * remains is a stem the knowledge uses (the `lexicon`), so the decision is made
 * by the text itself rather than by a list of exceptions.
 */

/** Definite article with the clitics that can precede it, longest first. */
const ARTICLES = ['وبال', 'وكال', 'فبال', 'فكال', 'وال', 'فال', 'بال', 'كال', 'ولل', 'فلل', 'لل', 'ال'];
/**
 * Suffixes, removed in this order, each at most once: light10's list, plus
 * dual/plural pronouns, the plural ending of past verbs (أطلقوا) and the alef
 * of the accusative tanween (أهدافاً، عاماً). An alef left before a taa marbuta
 * goes too, so that مباراة meets its plural مباريات.
 */
const SUFFIXES = ['هما', 'كما', 'ها', 'هم', 'وا', 'ا', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ا', 'ي'];
/**
 * Suffixes before which a taa marbuta is written ت: attached pronouns (ه is
 * also the folded taa marbuta itself) and the dual endings (معاهدتان، مدينتين).
 */
const OPENS_TAA = new Set(['هما', 'كما', 'ها', 'هم', 'ه', 'ان', 'ين']);
/** Proclitic letters and pairs that attach to a word without the article. */
const PROCLITICS = ['وب', 'ول', 'وك', 'فب', 'فل', 'فك', 'و', 'ف', 'ب', 'ل', 'ك'];

const ARABIC = /[\u0621-\u064A]/;

/** Something that knows which stems the knowledge uses. */
export interface Lexicon {
  has(stem: string): boolean;
}

/**
 * A verbal noun of the تفعيل pattern whose last root letter is ن (تدشين، تحسين،
 * تأمين، تخزين): its ين is not the plural ending.
 */
function isTafeel(w: string): boolean {
  return w.length === 5 && w[0] === 'ت' && w[3] === 'ي' && w[4] === 'ن';
}

/** Whether stemCore removes a definite article (with its proclitics) from `word`. */
function hasArticle(word: string): boolean {
  for (const a of ARTICLES) if (word.startsWith(a) && word.length - a.length >= 2) return true;
  return false;
}

/** Removes the article and suffixes (not single-letter proclitics). */
export function stemCore(word: string): string {
  if (!ARABIC.test(word)) return word;
  let w = word;
  for (const a of ARTICLES) {
    if (w.startsWith(a) && w.length - a.length >= 2) {
      w = w.slice(a.length);
      break;
    }
  }
  for (const s of SUFFIXES) {
    // Three letters must remain (مكان stays مكان, سنة stays سنه): shorter stems collide.
    if (w.endsWith(s) && w.length - s.length >= 3 && !(s === 'ين' && isTafeel(w))) {
      w = w.slice(0, -s.length);
      // A taa marbuta before a pronoun or a dual ending is written ت: خبرته is خبرة + ه and
      // مدينتين is مدينة + ين, so they stem as خبرة and مدينة do (the later suffixes still apply).
      if (OPENS_TAA.has(s) && w.length >= 4 && w.endsWith('ت')) w = w.slice(0, -1);
    }
  }
  return w;
}

/**
 * The stems a word may have: without a leading proclitic (when it has one and
 * three letters remain), then as written.
 */
export function stemCandidates(word: string): string[] {
  const whole = stemCore(word);
  if (!ARABIC.test(word)) return [whole];
  // The article went, with any proclitic before it (للمشطيات → مشط): nothing is left to strip.
  if (hasArticle(word)) return [whole];
  for (const p of PROCLITICS) {
    if (word.startsWith(p) && word.length - p.length >= 3) {
      const rest = stemCore(word.slice(p.length));
      return rest === whole ? [whole] : [rest, whole];
    }
  }
  return [whole];
}

/**
 * The forms a stem may take with a proclitic attached (فرنسا → وفرنسا، بفرنسا …):
 * when a question's word is unknown to the knowledge, the knowledge may hold
 * it only with a proclitic that could not be removed there.
 */
export function procliticForms(stem: string): string[] {
  if (!ARABIC.test(stem)) return [];
  return PROCLITICS.map((p) => p + stem);
}

/**
 * Stems a normalised word. With a lexicon, a leading proclitic is removed when
 * the rest is a known stem; without one, only the article and suffixes go.
 */
export function stem(word: string, lexicon?: Lexicon): string {
  const candidates = stemCandidates(word);
  if (candidates.length === 1 || !lexicon) return candidates[candidates.length - 1];
  return lexicon.has(candidates[0]) ? candidates[0] : candidates[1];
}

/**
 * A coarser key than the stem, for recall: the stem without its long vowels
 * and hamza seats (ا و ي) and without a verb's present-tense prefix, so that
 * derived forms of one root often meet (اكتشاف، اكتشف، يكتشف → كتشف).
 * Used as a secondary, lower-weighted field; never shown.
 *
 * ```ts
 * skeleton('اكتشاف') // → 'كتشف'
 * ```
 */
export function skeleton(stem: string): string {
  if (stem.length < 4 || !ARABIC.test(stem)) return stem;
  let s = stem;
  if (s.length >= 5 && /^[يتن]/.test(s)) s = s.slice(1);
  const bare = s.replace(/[اوي]/g, '');
  return bare.length >= 3 ? bare : s;
}
