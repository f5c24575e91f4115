/**
 * Reading what kind of answer a question asks for, from its question words in
 * Modern Standard Arabic, Moroccan Darija, French and English.
 *
 * ```ts
 * questionKind(tokenize('كم عدد رجال الأمن؟'))   // → 'number'
 * questionKind(tokenize('فوقاش غادي يبدا المونديال')) // → 'date'
 * questionKind(tokenize('Who leads the DGSN?'))      // → 'person'
 * ```
 */
import type { Token } from '../analysis/tokenize.ts';
import { normalize } from '../analysis/normalize.ts';

export type QuestionKind = 'number' | 'date' | 'person' | 'place' | 'reason' | 'manner' | 'other';

const set = (words: string) => new Set(words.split(' ').map(normalize));

const NUMBER = set('كم بكم وكم شحال بشحال قداش combien');
const DATE = set('متى ومتى امتى إمتى فوقاش وقتاش when quand');
const PERSON = set('شكون اشكون who whom qui');
const PLACE = set('أين وأين فين فاين منين where où');
const REASON = set('لماذا ولماذا علاش لاش why pourquoi');
const MANNER = set('كيف وكيف كيفاش how comment');
/** Nouns that, after "which"/"what" (أي، ما، في أي), say what is asked. */
const DATE_NOUNS = set('سنة عام يوم شهر تاريخ عقد قرن year date day month année date jour mois siècle century');
const NUMBER_NOUNS = set('عدد نسبة مقدار مبلغ كمية مساحة مدة طول ارتفاع عمق وزن سعر ثمن قيمة حجم number amount percentage nombre');
const PLACE_NOUNS = set('مدينة دولة بلد مكان منطقة ملعب عاصمة city country place town stadium ville pays lieu');
const PERSON_NOUNS = set('اسم شخص رئيس مدير name person nom');
/** After من، it is "from where/why/among", not "who". */
const NOT_WHO_AFTER = set('أين اين أجل اجل خلال بين قبل طرف حيث');
const WHICH = set('أي أية اي ايه ما ماذا وما ماهو ماهي which what quel quelle quels quelles');
/** The pronoun that may stand between "what" and its noun: ما هو عدد، ما هي السنة. */
const COPULA = set('هو هي هم هما');

export function questionKind(tokens: Token[]): QuestionKind {
  const words = tokens.map((t) => t.text);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const next = words[i + 1];
    if (NUMBER.has(w)) return 'number';
    if (w === 'how' && (next === 'many' || next === 'much')) return 'number';
    if (DATE.has(w)) return 'date';
    if (PLACE.has(w)) return 'place';
    if (REASON.has(w)) return 'reason';
    if (PERSON.has(w)) return 'person';
    if (MANNER.has(w)) return 'manner';
    if (i < 4 && WHICH.has(w) && next) {
      const word = COPULA.has(next) && i + 2 < words.length ? words[i + 2] : next;
      const noun = stripArticle(word);
      if (DATE_NOUNS.has(noun) || DATE_NOUNS.has(word)) return 'date';
      if (NUMBER_NOUNS.has(noun) || NUMBER_NOUNS.has(word)) return 'number';
      if (PLACE_NOUNS.has(noun) || PLACE_NOUNS.has(word)) return 'place';
      if (PERSON_NOUNS.has(noun) || PERSON_NOUNS.has(word)) return 'person';
    }
    // Arabic من/ومن opening a question is "who", unless it starts "from where", "for what".
    if (i === 0 && (w === 'من' || w === 'ومن') && next && !NOT_WHO_AFTER.has(next)) return 'person';
  }
  return 'other';
}

/** Every interrogative above, of whatever kind, and من ("who") as a question opens with it. */
const INTERROGATIVES = new Set([...NUMBER, ...DATE, ...PERSON, ...PLACE, ...REASON, ...MANNER, ...WHICH, 'من', 'ومن']);

/**
 * Where the question's head starts: just after the interrogative, when the
 * question opens with one; else -1. Arabic fronts the interrogative, and the
 * content word after it says what relation or category the answer fills: the
 * verb (من **قاد** الهجوم، كم **دام** القتال) or the noun asked about
 * (ما **البحر** الذي، أي **طريق**). The other words of a question mostly name
 * its topic, which the sentences around the answer share.
 *
 * ```ts
 * questionHead(tokenize('من الذي يتحدى هذه الفكرة؟')) // → 2 (the end of من)
 * questionHead(tokenize('قبل مانينغ، من هو أسن لاعب؟')) // → -1
 * ```
 */
export function questionHead(tokens: Token[]): number {
  return tokens.length > 1 && INTERROGATIVES.has(tokens[0].text) ? tokens[0].end : -1;
}

function stripArticle(w: string): string {
  return w.startsWith('ال') && w.length > 4 ? w.slice(2) : w;
}
