/**
 * Light words: verbs of general meaning (go, come, want, give, take, do,
 * happen, exist, begin, end), in Modern Standard Arabic and in Moroccan
 * Darija, in the forms a question uses. Their meaning is carried by the
 * words around them: «كم شرطيا سيذهب إلى قطر؟» asks about
 * police and Qatar, and an article answers it with إيفاد or يبعث, not with
 * ذهب. So a light word the knowledge never writes is not evidence that the
 * articles do not cover a question (see `Sanad.ask`); one the knowledge
 * writes is a term like any other. (Nouns such as الناس "people" are not
 * light: كم عدد الناس في قطر؟ asks for a population.)
 *
 * The list holds whole normalised words, not stems: a stem would mix forms
 * that mean something else (ذهب "went" and ذهب "gold", دار "did" and دار
 * "house"), so the bare forms that are also common nouns are left out.
 *
 * ```ts
 * isLightWord('يمشي')  // → true
 * isLightWord('الذهب') // → false: gold
 * ```
 */
import { opensWithConjunction } from './analyzer.ts';
import { normalize } from './normalize.ts';

const FORMS = [
  // Go (MSA ذهب، Darija مشى، راح).
  'يذهب تذهب نذهب سيذهب ستذهب سنذهب يذهبون تذهبون سيذهبون ذهبوا ذهبت',
  'مشا مشى مشات مشاو مشينا يمشي تمشي نمشي يمشيو كيمشي كتمشي كنمشي كيمشيو غيمشي غتمشي غيمشيو',
  'يروح تروح راحو يروحو',
  // Come (جاء، أتى، Darija جا).
  'جاء جاءت جاؤوا يجيء تجيء ياتي تاتي سياتي ستاتي ياتون اتوا',
  'جا جات جاو يجي تجي نجي يجيو كيجي كتجي كيجيو غيجي غتجي غيجيو',
  // Want (أراد، Darija بغى).
  'يريد تريد نريد يريدون اراد ارادت ارادوا',
  'بغا بغى بغات بغاو بغيت يبغي تبغي كيبغي كتبغي كيبغيو',
  // Give and take (أعطى، Darija عطى، خدا).
  'اعطي اعطت اعطوا يعطي تعطي يعطون سيعطي',
  'عطا عطى عطات عطاو كيعطي كتعطي',
  'ياخذ تاخذ ياخذون سياخذ خدا خدات خداو ياخد تاخد كياخد كتاخد',
  // Do (فعل، Darija دار).
  'يفعل تفعل يفعلون فعلوا دارو دارت كيدير كتدير كيديرو غيدير',
  // Begin, end, last (the aspectual verbs, أفعال الشروع; Darija بدا، سالا).
  'يبدا تبدا سيبدا ستبدا بدات يبداو بداو كيبدا كتبدا غيبدا غتبدا',
  'ينطلق تنطلق سينطلق ستنطلق',
  'ينتهي تنتهي سينتهي ستنتهي انتهت انتهوا يسالي تسالي سالات كيسالي كتسالي غيسالي غتسالي',
  'يستمر تستمر سيستمر ستستمر',
  // Happen, exist.
  'يحدث تحدث سيحدث ستحدث حدثت يوجد توجد يوجدون توجدون',
];

const LIGHT: ReadonlySet<string> = new Set(FORMS.flatMap((line) => line.split(' ').map(normalize)));

/** True when the normalised word `word` is a light word (alone or after و/ف: ويمشي، فجاء). */
export function isLightWord(word: string): boolean {
  return LIGHT.has(word) || (word.length > 3 && opensWithConjunction(word) && LIGHT.has(word.slice(1)));
}
