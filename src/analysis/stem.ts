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
import { isArabicLetter } from './tokenize.ts';

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

/**
 * Whether `word` holds an Arabic letter (U+0621–U+064A). A loop over char
 * codes rather than a regex test: stemming runs for every new word a question
 * meets.
 */
function hasArabicLetter(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (isArabicLetter(word.charCodeAt(i))) return true;
  return false;
}

/**
 * Per char code, whether one of `affixes` starts (or, with `last`, ends) with
 * it: a cheap test that rules most affixes out before comparing strings.
 */
function edgeLetters(affixes: readonly string[], last = false): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (const a of affixes) table[a.charCodeAt(last ? a.length - 1 : 0)] = 1;
  return table;
}
const ARTICLE_FIRST = edgeLetters(ARTICLES);
const PROCLITIC_FIRST = edgeLetters(PROCLITICS);
/** Per suffix (in {@link SUFFIXES} order): its last char code, and whether it is in {@link OPENS_TAA}. */
const SUFFIX_LAST = SUFFIXES.map((s) => s.charCodeAt(s.length - 1));
const SUFFIX_OPENS_TAA = SUFFIXES.map((s) => OPENS_TAA.has(s));
const TAA = 'ت'.charCodeAt(0);
const YAA = 'ي'.charCodeAt(0);
const NOON = 'ن'.charCodeAt(0);

/** Something that knows which stems the knowledge uses. */
export interface Lexicon {
  has(stem: string): boolean;
}

/**
 * A verbal noun of the تفعيل pattern whose last root letter is ن (تدشين، تحسين،
 * تأمين، تخزين): its ين is not the plural ending.
 */
function isTafeel(word: string, start: number, end: number): boolean {
  return end - start === 5 && word.charCodeAt(start) === TAA && word.charCodeAt(start + 3) === YAA && word.charCodeAt(start + 4) === NOON;
}

/**
 * Whether the ون or ين that `word[start, end)` ends with belongs to the word
 * rather than being the plural (or dual) ending: in a تفعيل verbal noun whose
 * root ends in ن ({@link isTafeel}), and after an alef, which the plural
 * ending never follows (تعاون، تباين، تهاون are تفاعل of roots ending in ن).
 */
function rootNoon(word: string, start: number, end: number, suffix: string): boolean {
  if (suffix !== 'ين' && suffix !== 'ون') return false;
  return word.charCodeAt(end - 3) === ALEF || (suffix === 'ين' && isTafeel(word, start, end));
}

/** The length of the definite article (with its proclitics) stemCore removes from `word`; 0 when none. */
function articleLength(word: string): number {
  if (word.length < 4 || ARTICLE_FIRST[word.charCodeAt(0)] === 0) return 0;
  for (const a of ARTICLES) if (word.length - a.length >= 2 && word.startsWith(a)) return a.length;
  return 0;
}

/** Whether word[0, end) ends with `suffix`. */
function endsWithAt(word: string, end: number, suffix: string): boolean {
  const from = end - suffix.length;
  for (let i = 0; i < suffix.length; i++) if (word.charCodeAt(from + i) !== suffix.charCodeAt(i)) return false;
  return true;
}

/**
 * Removes the article and suffixes (not single-letter proclitics). Works on
 * offsets into `word` and cuts the stem out once (a word meets up to a dozen
 * suffix tests).
 */
export function stemCore(word: string): string {
  if (!hasArabicLetter(word)) return word;
  const start = articleLength(word);
  let end = word.length;
  for (let k = 0; k < SUFFIXES.length; k++) {
    const s = SUFFIXES[k];
    // Three letters must remain (مكان stays مكان, سنة stays سنه): shorter stems collide.
    if (end - start - s.length >= 3 && word.charCodeAt(end - 1) === SUFFIX_LAST[k] && endsWithAt(word, end, s) && !rootNoon(word, start, end, s)) {
      end -= s.length;
      // A taa marbuta before a pronoun or a dual ending is written ت: خبرته is خبرة + ه and
      // مدينتين is مدينة + ين, so they stem as خبرة and مدينة do (the later suffixes still apply).
      if (SUFFIX_OPENS_TAA[k] && end - start >= 4 && word.charCodeAt(end - 1) === TAA) end--;
    }
  }
  return start === 0 && end === word.length ? word : word.slice(start, end);
}

/**
 * The length of the single-letter proclitic (or pair) a word may have
 * (when three letters remain); 0 when none.
 */
function procliticLength(word: string): number {
  if (PROCLITIC_FIRST[word.charCodeAt(0)] === 0 || !hasArabicLetter(word)) return 0;
  // The article went, with any proclitic before it (للمشطيات → مشط): nothing is left to strip.
  if (articleLength(word) > 0) return 0;
  for (const p of PROCLITICS) if (word.length - p.length >= 3 && word.startsWith(p)) return p.length;
  return 0;
}

/**
 * The stems a word may have: without a leading proclitic (when it has one and
 * three letters remain), then as written.
 */
export function stemCandidates(word: string): string[] {
  const whole = stemCore(word);
  const p = procliticLength(word);
  if (p === 0) return [whole];
  const rest = stemCore(word.slice(p));
  return rest === whole ? [whole] : [rest, whole];
}

/**
 * The forms a stem may take with a proclitic attached (فرنسا → وفرنسا، بفرنسا …):
 * when a question's word is unknown to the knowledge, the knowledge may hold
 * it only with a proclitic that could not be removed there.
 */
export function procliticForms(stem: string): string[] {
  if (!hasArabicLetter(stem)) return [];
  return PROCLITICS.map((p) => p + stem);
}

/**
 * The forms a stem that opens with a proclitic may take with another one in
 * its place (فباريس → بباريس، لباريس …): Darija writes ف for في, and the
 * knowledge may hold a word only with the proclitic its sentence needed.
 */
export function swappedProcliticForms(stem: string): string[] {
  const out: string[] = [];
  if (!hasArabicLetter(stem)) return out;
  for (const p of PROCLITICS) {
    // (Two letters may be left: the stem lost its suffix already, فدبي → فدب.)
    if (stem.length - p.length < 2 || !stem.startsWith(p)) continue;
    const rest = stem.slice(p.length);
    for (const q of PROCLITICS) if (q !== p && !out.includes(q + rest)) out.push(q + rest);
  }
  return out;
}

/**
 * The same verb with the feminine ending of the past tense (تطور → تطورت،
 * اختار → اختارت): a question says "ماذا اختار قطر" where the article wrote
 * "اختارت قطر". The stemmer keeps a final ت (it ends بيت، وقت، مثبت and many
 * other nouns), so the engine asks for this form only for a question word the
 * knowledge never writes, and only when nothing was cut from the word's end
 * (الحافظة is a noun: its stem حافظ is not a verb to make feminine). Three
 * letters at least; none for a stem that ends with ت already.
 *
 * ```ts
 * pastTaaForms('تطور', 'تطور')       // → ['تطورت']
 * pastTaaForms('حافظ', 'الحافظه')    // → []
 * ```
 */
export function pastTaaForms(stem: string, word: string): string[] {
  if (stem.length < 3 || !word.endsWith(stem) || stem.charCodeAt(stem.length - 1) === TAA || !hasArabicLetter(stem)) return [];
  return [stem + 'ت'];
}

/**
 * Stems a normalised word. With a lexicon, a leading proclitic is removed when
 * the rest is a known stem; without one, only the article and suffixes go.
 */
export function stem(word: string, lexicon?: Lexicon): string {
  // stemCandidates without its array: the word without its proclitic when the lexicon knows that stem.
  const whole = stemCore(word);
  if (!lexicon) return whole;
  const p = procliticLength(word);
  if (p === 0) return whole;
  const rest = stemCore(word.slice(p));
  return rest !== whole && lexicon.has(rest) ? rest : whole;
}

/**
 * A coarser key than the stem, for recall: the stem without its long vowels
 * and hamza seats (ا و ي) and without a verb's present-tense prefix, so that
 * derived forms of one root often meet (اكتشاف، اكتشف، يكتشف → كتشف).
 * Used as a secondary, lower-weighted field; never shown. (A hollow root's
 * forms keep fewer than three letters this way: see {@link hollowKey}.)
 *
 * ```ts
 * skeleton('اكتشاف') // → 'كتشف'
 * ```
 */
export function skeleton(stem: string): string {
  if (stem.length < 4 || !hasArabicLetter(stem)) return stem;
  // (A loop over char codes, not regexes: the answer picker keys every term it reads.)
  const first = stem.charCodeAt(0);
  const from = stem.length >= 5 && (first === YAA || first === TAA || first === NOON) ? 1 : 0;
  let vowels = 0;
  for (let i = from; i < stem.length; i++) if (isLongVowel(stem.charCodeAt(i))) vowels++;
  if (vowels === 0 || stem.length - from - vowels < 3) return from === 0 ? stem : stem.slice(from);
  let bare = '';
  let run = from; // Where the current run of kept letters starts.
  for (let i = from; i < stem.length; i++) {
    if (!isLongVowel(stem.charCodeAt(i))) continue;
    if (i > run) bare += stem.slice(run, i);
    run = i + 1;
  }
  if (run < stem.length) bare += stem.slice(run);
  return bare;
}

/**
 * The key of a word of a hollow root (one whose middle letter is و or ي, and
 * shows as ا, و, ي or nothing): its two other letters around a mark no stem
 * or {@link skeleton} has, so that the past verb, its verbal noun and its
 * present tense meet. The patterns, on stems: C[اوي]C (زار، قول، بيع),
 * C[يو]اC (زيار، جواب), and [يتن]C[وي]C (يزور، تبيع). Other stems have none.
 * Two letters say less than three: the engine uses it only for a question
 * word the knowledge never writes.
 *
 * ```ts
 * hollowKey('زار') === hollowKey('زيار') // → true ('ز~ر'), and so is يزور
 * hollowKey('وزير') // → undefined
 * ```
 */
export function hollowKey(stem: string): string | undefined {
  const n = stem.length;
  if (n < 3 || n > 4) return undefined;
  const c0 = stem.charCodeAt(0);
  const c1 = stem.charCodeAt(1);
  const c2 = stem.charCodeAt(2);
  let first: number; // Where the root's first letter stands.
  if (n === 3) {
    if (!isLongVowel(c1)) return undefined;
    first = 0;
  } else if ((c1 === YAA || c1 === WAW) && c2 === ALEF) {
    first = 0;
  } else if ((c0 === YAA || c0 === TAA || c0 === NOON) && (c2 === WAW || c2 === YAA)) {
    first = 1;
  } else {
    return undefined;
  }
  return isConsonant(stem.charCodeAt(first)) && isConsonant(stem.charCodeAt(n - 1)) ? `${stem[first]}~${stem[n - 1]}` : undefined;
}

/** An Arabic letter other than ا و ي. */
function isConsonant(c: number): boolean {
  return isArabicLetter(c) && !isLongVowel(c);
}

/** ا و ي: the letters {@link skeleton} drops. */
function isLongVowel(c: number): boolean {
  return c === ALEF || c === WAW || c === YAA;
}
const ALEF = 'ا'.charCodeAt(0);
const WAW = 'و'.charCodeAt(0);
