/**
 * Moroccan Darija words and the Modern Standard Arabic words news articles
 * write for them: the articles say الشرطة or رجال الأمن where a reader asks
 * about البوليس, مباراة where a reader writes الماتش. A query-time synonym
 * step (as Lucene's synonym filter used at query time): the engine looks a
 * question word up here only when the knowledge never writes it, so an
 * article written in Darija is matched on its own words.
 *
 * Keys are stems (after normalisation and {@link stemCore}), so inflected and
 * prefixed forms meet (البوليس، بوليسي); the MSA words are given as written
 * and analysed by the caller, with the same chain as the passages.
 *
 * ```ts
 * darijaEquivalents(stemCore(normalize('البوليس'))) // → ['شرطة', 'أمن']
 * darijaEquivalents('حموش')                         // → undefined
 * ```
 *
 * Function words and question words of Darija (شكون، فين، ديال …) are stop
 * words instead (see `stopwords.ts`); this list holds content words only:
 * French and Spanish loans and Darija words a news article would not use.
 */
import { normalize } from './normalize.ts';
import { stemCore } from './stem.ts';

/** Darija forms (space-separated) → the MSA words for them. */
const PAIRS: Array<[string, string[]]> = [
  // People and institutions.
  ['بوليس البوليس بوليسي بوليسية البوليسية', ['شرطة', 'أمن']],
  ['كوميسارية الكوميسارية كوميساريا', ['شرطة', 'مفوضية']],
  ['المخزن', ['السلطات', 'الدولة']],
  ['خدام خدامين الخدامة', ['عامل', 'موظف']],
  ['دراري الدراري', ['أطفال', 'شباب']],
  ['عيالات العيالات', ['نساء']],
  ['رجالة الرجالة', ['رجال']],
  ['ولاد الولاد', ['أبناء', 'أولاد']],
  ['صحاب الصحاب', ['أصدقاء']],
  ['لعاب اللعاب لعابة لعيبة اللعيبة', ['لاعب']],
  // Sport.
  ['ماتش الماتش ماتشات', ['مباراة']],
  ['تيران التيران', ['ملعب']],
  ['كيران', ['مدرجات']],
  ['فينال الفينال', ['نهائي']],
  // Things and places.
  ['فلوس الفلوس', ['أموال', 'مال']],
  ['طوموبيل طونوبيل الطوموبيل الطونوبيل طوموبيلات', ['سيارة']],
  ['طوبيس الطوبيس طوبيسات', ['حافلة']],
  ['كاميو الكاميو كاميوات', ['شاحنة']],
  ['طيارة الطيارة طيارات', ['طائرة']],
  ['تران التران', ['قطار']],
  ['سبيطار السبيطار سبيطارات', ['مستشفى']],
  ['بيرو البيرو', ['مكتب']],
  ['بورطابل البورطابل تيليفون التيليفون', ['هاتف']],
  ['فاكتورة الفاكتورة', ['فاتورة']],
  ['بلاصة البلاصة', ['مكان']],
  ['الحبس', ['السجن']],
  ['ماكلة الماكلة', ['طعام', 'أكل']],
  // Time.
  ['سيمانة السيمانة', ['أسبوع']],
  ['نهار النهار', ['يوم']],
  ['البارح', ['أمس']],
  // Verbs.
  ['ربح ربحات ربحو', ['فاز']],
  ['شاف شافت شافو', ['رأى', 'شاهد']],
  ['مشى مشا مشات مشاو مشينا يمشي تمشي يمشيو كيمشي غايمشي غيمشي', ['ذهب', 'سافر']],
  ['صيفط صيفطات صيفطو يصيفط تصيفط يصيفطو كيصيفط', ['أرسل', 'بعث', 'إيفاد']],
  ['جاب جابت جابو', ['أحضر', 'جلب']],
  ['عطى عطات عطاو', ['أعطى', 'منح']],
  ['شرى شرات شراو', ['اشترى']],
  ['تلاقى تلاقات تلاقاو', ['التقى']],
  ['بغى بغات بغاو', ['أراد']],
  ['عيط عيطات عيطو', ['اتصل']],
  ['طاح طاحت طاحو', ['سقط']],
  // Qualities.
  ['مزيان مزيانة', ['جيد']],
  ['خايب خايبة', ['سيئ']],
];

const EQUIVALENTS = new Map<string, string[]>();
for (const [forms, msa] of PAIRS) {
  for (const form of forms.split(' ')) EQUIVALENTS.set(stemCore(normalize(form)), msa);
}

/** The MSA words for a Darija stem, as written (to be analysed), or undefined. */
export function darijaEquivalents(stem: string): readonly string[] | undefined {
  return EQUIVALENTS.get(stem);
}
