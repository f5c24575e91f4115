/**
 * Month names: the Maghrebi (ماي، يوليوز، غشت، شتنبر، نونبر، دجنبر), Eastern
 * (مايو، يوليو، أغسطس، سبتمبر، نوفمبر، ديسمبر), Levantine/Iraqi (أيار، تموز،
 * أيلول، تشرين الثاني، كانون الأول), French and English names of one month all
 * become one term, `month:MM`, so a question written with one calendar finds a
 * passage written with another.
 *
 * ```ts
 * monthOf('نونبر')               // → 11
 * monthOf('novembre')            // → 11
 * monthOfPair('تشرين', 'الثاني') // → 11
 * ```
 *
 * Names are listed here in their normalised spelling (see `normalize.ts`).
 */
import { normalize } from './normalize.ts';

const NAMES: Array<[number, string[]]> = [
  [1, ['يناير', 'ينار', 'جانفي', 'janvier', 'january', 'jan']],
  [2, ['فبراير', 'فبرير', 'فيفري', 'شباط', 'fevrier', 'february', 'feb']],
  [3, ['مارس', 'اذار', 'mars', 'march']],
  [4, ['ابريل', 'أبريل', 'افريل', 'نيسان', 'avril', 'april']],
  [5, ['مايو', 'ماي', 'أيار', 'mai', 'may']],
  [6, ['يونيو', 'يونيه', 'يونيوز', 'جوان', 'حزيران', 'juin', 'june']],
  [7, ['يوليو', 'يوليوز', 'يوليه', 'جويلية', 'تموز', 'juillet', 'july']],
  [8, ['أغسطس', 'اغسطس', 'غشت', 'أوت', 'اوت', 'aout', 'august']],
  [9, ['سبتمبر', 'شتنبر', 'أيلول', 'septembre', 'september', 'sept']],
  [10, ['أكتوبر', 'اكتوبر', 'octobre', 'october', 'oct']],
  [11, ['نوفمبر', 'نونبر', 'novembre', 'november', 'nov']],
  [12, ['ديسمبر', 'دجنبر', 'décembre', 'december', 'dec']],
];

/** Two-word Levantine names: تشرين الأول/الثاني, كانون الأول/الثاني. */
const PAIRS: Array<[string, string, number]> = [
  ['تشرين', 'الأول', 10],
  ['تشرين', 'الاول', 10],
  ['تشرين', 'الثاني', 11],
  ['كانون', 'الأول', 12],
  ['كانون', 'الاول', 12],
  ['كانون', 'الثاني', 1],
];

const SINGLE = new Map<string, number>();
for (const [month, names] of NAMES) {
  for (const name of names) SINGLE.set(normalize(name), month);
}
const PAIR = new Map<string, number>();
for (const [a, b, month] of PAIRS) PAIR.set(`${normalize(a)} ${normalize(b)}`, month);
const PAIR_HEADS = new Set(PAIRS.map(([a]) => normalize(a)));

/** The month a normalised single word names, if any. */
export function monthOf(word: string): number | undefined {
  return SINGLE.get(word);
}

/** The month two consecutive normalised words name together (تشرين الثاني), if any. */
export function monthOfPair(first: string, second: string): number | undefined {
  if (!PAIR_HEADS.has(first)) return undefined;
  return PAIR.get(`${first} ${second}`);
}

/** The index term for a month: `month:05`. */
export function monthTerm(month: number): string {
  return `month:${String(month).padStart(2, '0')}`;
}
// آب (August) is left out on purpose: without its madda it is أب, "father".
