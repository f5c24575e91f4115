/**
 * Stop words: words that say nothing about which passage answers a question.
 *
 * Taken from the maintained `stopwords-iso` lists (Arabic, French, English),
 * curated: those lists include content words (سنة، مليون، مايو, "year",
 * "world", "million" ...) that a question about a news article is often
 * about, and those are kept as terms. Arabic question words are stop words
 * too, in Modern Standard Arabic and in Moroccan Darija (شنو، شكون، فين ...):
 * they tell the kind of question (see `question.ts`), not where its answer is.
 *
 * ```ts
 * isStopWord('الذي') // → true
 * isStopWord('سنة')  // → false: "which year" questions need it
 * ```
 */
import { createRequire } from 'node:module';
import { normalize } from './normalize.ts';

const require = createRequire(import.meta.url);
const iso = require('stopwords-iso') as Record<'ar' | 'fr' | 'en', string[]>;

/** Words of the stopwords-iso lists that carry content in news questions. */
const CONTENT = new Set(
  [
    // Arabic: numbers, time, months, reporting content, nouns.
    'اربعة', 'ثلاثة', 'عشر', 'عشرة', 'واحد', 'الف', 'مليار', 'مليون', 'صفر',
    'سنة', 'سنوات', 'عام', 'عاما', 'يوم', 'ايام', 'ايار', 'مايو', 'صباح', 'مساء', 'امس', 'غدا',
    'اليوم', 'الماضي', 'المقبل', 'الوقت', 'نهاية', 'زيارة', 'قوة', 'اعادة', 'اطار', 'برس', 'لوكالة',
    'للامم', 'اعلنت', 'الاول', 'الاولى', 'الثاني', 'الثانية', 'السابق', 'الاخيرة', 'الذاتي', 'شخصا',
    'حاليا', 'عامة', 'ضد', 'مقابل', 'باسم',
    // French and English: numbers, time, and nouns a question may be about.
    'an', 'ans', 'annee', 'annees', 'jour', 'jours', 'mois', 'semaine', 'heure', 'heures',
    'million', 'millions', 'milliard', 'mille', 'cent', 'deux', 'trois', 'quatre', 'cinq', 'six',
    'sept', 'huit', 'neuf', 'dix', 'premier', 'premiere', 'dernier', 'derniere', 'nouveau',
    'year', 'years', 'date', 'day', 'days', 'month', 'week', 'hour', 'today', 'time',
    'million', 'billion', 'trillion', 'thousand', 'hundred', 'zero', 'one', 'two', 'three', 'four',
    'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'twenty', 'thirty',
    'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'first', 'second', 'third', 'fifth',
    'last', 'new', 'old', 'young', 'world', 'computer', 'microsoft', 'netscape', 'fire', 'home',
    'man', 'men', 'member', 'members', 'group', 'groups', 'state', 'states', 'area', 'areas',
    'room', 'rooms', 'system', 'research', 'information', 'problem', 'problems', 'bill', 'money',
    'security', 'cup', 'final', 'number', 'numbers', 'name', 'place', 'places', 'order',
    'value', 'work', 'works', 'power', 'war', 'law', 'art', 'point', 'points', 'line', 'side',
    'high', 'low', 'large', 'small', 'big', 'great', 'long', 'full', 'free', 'open', 'present',
    'march', 'may', 'june', 'mars', 'mai', 'sept',
  ].map(normalize),
);

/** Question words and Darija function words that the lists lack. */
const EXTRA = [
  // MSA question words and particles.
  'ماذا', 'لماذا', 'متى', 'اين', 'كيف', 'كم', 'هل', 'اي', 'ايه', 'ما', 'من', 'ماهو', 'ماهي',
  'مالذي', 'ومتى', 'واين', 'وكم', 'وما', 'ومن', 'فمن', 'فما', 'بكم', 'لكم', 'الى', 'علي', 'عليه',
  'اذكر', 'اعط', 'سيتم', 'هو', 'هي', 'هم', 'هن', 'تم', 'يتم', 'قد', 'لقد', 'كان', 'كانت', 'يكون', 'تكون',
  'الذي', 'التي', 'الذين', 'اللذين', 'اللتين', 'عندما', 'حيث', 'بين', 'بينما', 'ذات', 'احد',
  'احدى', 'خلال', 'منذ', 'حتى', 'لدى', 'اذ', 'اذا', 'لان', 'لكن', 'ولكن', 'او', 'ام', 'ثم', 'اما',
  'فقط', 'ايضا', 'جدا', 'هذا', 'هذه', 'ذلك', 'تلك', 'هؤلاء', 'اولئك', 'الان', 'عبر', 'لدي',
  'يعني', 'هناك', 'هنا', 'شي', 'شيء', 'اسم',
  // Moroccan Darija: question words and common function words.
  'شنو', 'شنوه', 'اشنو', 'اش', 'شنوا', 'شكون', 'اشكون', 'فين', 'فاين', 'منين', 'امتى', 'فوقاش',
  'وقتاش', 'علاش', 'كيفاش', 'واش', 'شحال', 'بشحال', 'اشمن', 'اشناهو', 'اشناهي', 'ديال', 'ديالو',
  'ديالها', 'لي', 'اللي', 'هاد', 'هادا', 'هادي', 'هادو', 'دابا', 'بزاف', 'غير', 'راه',
  'راها', 'كاين', 'كاينه', 'كاينين', 'عند', 'معا', 'فشي', 'غادي', 'غاديه', 'غاديين', 'غادين', 'باش',
  'ماشي', 'بلي', 'شي', 'ديك', 'داك', 'دوك', 'هادوك', 'هاديك', 'هاداك', 'علاه', 'ياك', 'يالاه', 'كيما',
  // French and English question words.
  'quand', 'ou', 'qui', 'quoi', 'quel', 'quelle', 'quels', 'quelles', 'combien', 'comment',
  'pourquoi', 'est-ce', 'when', 'where', 'who', 'what', 'which', 'how', 'why', 'whom', 'whose',
];

/**
 * Prepositions and particles that take an attached pronoun (عنها، معهم، لديه،
 * إليها): every such form is a stop word like the bare particle. Forms of
 * "to be" and of "تم" conjugated beyond what the lists hold come with them.
 */
const PRONOUN_HOSTS = ['عن', 'من', 'في', 'على', 'إلى', 'لدى', 'مع', 'عند', 'بين', 'حول', 'خلال', 'قبل', 'بعد', 'دون', 'ل', 'ب'];
const ATTACHED_PRONOUNS = ['ه', 'ها', 'هما', 'هم', 'هن', 'ك', 'كما', 'كم', 'كن', 'ي', 'نا'];
const CONJUGATED = ['كانوا', 'كانتا', 'كنت', 'كنا', 'تمت', 'تتم', 'يتمون'];

/** A particle with a pronoun attached, in normalised form (على + ها → عليها). */
function withPronouns(): string[] {
  const out: string[] = [];
  for (const host of PRONOUN_HOSTS.map(normalize)) {
    // على and لدى are written with ي before a pronoun (عليه), which is their normalised form already.
    for (const p of ATTACHED_PRONOUNS) {
      // A one-letter host with نا is left out: بنا is also a form of بنى (to build).
      if (host.length === 1 && p === 'نا') continue;
      out.push(host + p);
    }
  }
  return out;
}

/** Every stop word, normalised. */
export const STOP_WORDS: ReadonlySet<string> = buildStopWords();

function buildStopWords(): Set<string> {
  const words = new Set<string>();
  for (const lang of ['ar', 'fr', 'en'] as const) {
    for (const w of iso[lang]) {
      const n = normalize(w);
      if (n.length > 0 && !CONTENT.has(n) && !/\d/.test(n)) words.add(n);
    }
  }
  for (const w of [...EXTRA, ...CONJUGATED, ...withPronouns()]) words.add(normalize(w));
  return words;
}

/** True when the normalised word `w` is a stop word. */
export function isStopWord(w: string): boolean {
  return STOP_WORDS.has(w);
}
