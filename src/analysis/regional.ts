/**
 * Words Modern Standard Arabic writes differently from one region to another:
 * a Moroccan paper writes الأمن الوطني، مقابلة، المقاولات، الجماعة and بلاغ
 * where an Eastern one writes الشرطة، مباراة، الشركات، البلدية and بيان (as the
 * month names differ: ماي، مايو، أيار). A query-time synonym step, like
 * `darija.ts`: the engine looks a question word up here only when the
 * knowledge never writes it, and looks for the other words of its group.
 *
 * Each group names one thing; its members are single words (keys, after
 * normalisation and {@link stemCore}, so الشرطة، شرطي and شرطيين meet) or
 * phrases (كأس العالم), which are given to the caller to analyse and are not
 * looked up themselves.
 *
 * ```ts
 * regionalEquivalents(stemCore(normalize('الشرطة'))) // → ['أمن']
 * regionalEquivalents(stemCore(normalize('المونديال'))) // → ['كأس العالم']
 * ```
 */
import { normalize } from './normalize.ts';
import { stemCore } from './stem.ts';

/** Groups of words for one thing, as written. */
const GROUPS: string[][] = [
  // Police: الأمن (الوطني) in the Maghreb, الشرطة in the East.
  ['شرطة', 'شرطي', 'أمن'],
  // A match: مقابلة in the Maghreb, مباراة elsewhere.
  ['مباراة', 'مقابلة'],
  // Stadium.
  ['ملعب', 'استاد', 'ستاد'],
  // League: البطولة in the Maghreb, الدوري in the East.
  ['بطولة', 'دوري'],
  // The World Cup.
  ['مونديال', 'كأس العالم'],
  // Company: المقاولة in Morocco.
  ['شركة', 'مقاولة'],
  // Municipality: الجماعة in Morocco, البلدية elsewhere.
  ['بلدية', 'جماعة'],
  // Province: العمالة / الإقليم in Morocco, المحافظة in the East.
  ['محافظة', 'عمالة', 'إقليم'],
  // Head of government: رئيس الحكومة (formerly الوزير الأول) in Morocco, رئيس الوزراء in the East.
  ['وزراء', 'حكومة'],
  // Budget: الميزانية in the Maghreb, الموازنة in the East.
  ['ميزانية', 'موازنة'],
  // Communiqué: بلاغ in Morocco, بيان in the East.
  ['بلاغ', 'بيان'],
  // Bank.
  ['مصرف', 'بنك'],
  // Mobile phone: النقال in the Maghreb, الجوال in the Gulf, المحمول / الموبايل in Egypt and the Levant.
  ['نقال', 'جوال', 'محمول', 'موبايل'],
  // Television.
  ['تلفزيون', 'تلفاز', 'تلفزة'],
  // Computer.
  ['حاسوب', 'كمبيوتر'],
  // Bus.
  ['حافلة', 'باص', 'أوتوبيس'],
  // Hospital.
  ['مستشفى', 'مشفى'],
  // The secondary school leaving exam.
  ['باكالوريا', 'بكالوريا'],
  // Tomatoes, potatoes.
  ['طماطم', 'بندورة'],
  ['بطاطس', 'بطاطا'],
];

const EQUIVALENTS = new Map<string, string[]>();
for (const group of GROUPS) {
  for (const member of group) {
    if (member.includes(' ')) continue;
    const key = stemCore(normalize(member));
    // (Members of one key, شرطة and شرطي, are the same word to the index: only the others are equivalents.)
    const others = group.filter((m) => m.includes(' ') || stemCore(normalize(m)) !== key);
    EQUIVALENTS.set(key, [...new Set([...(EQUIVALENTS.get(key) ?? []), ...others])]);
  }
}

/** The other regions' words for a stem (as written, to be analysed), or undefined. */
export function regionalEquivalents(stem: string): readonly string[] | undefined {
  return EQUIVALENTS.get(stem);
}
