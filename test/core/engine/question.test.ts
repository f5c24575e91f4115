import { describe, expect, it } from 'vitest';
import { questionHead, questionKind, type QuestionKind } from '../../../src/engine/question.ts';
import { tokenize } from '../../../src/analysis/tokenize.ts';

const kind = (q: string) => questionKind(tokenize(q));

function expectKinds(table: Array<[string, QuestionKind]>) {
  for (const [q, k] of table) expect(kind(q), q).toBe(k);
}

describe('question kinds', () => {
  it('Modern Standard Arabic', () => {
    expectKinds([
      ['كم يبلغ عدد سكان المدينة؟', 'number'],
      ['بكم بيعت التذكرة؟', 'number'],
      ['متى افتُتح المعرض؟', 'date'],
      ['مَتَى افْتُتِحَ المَعْرِض؟', 'date'],
      ['من هو وزير الداخلية؟', 'person'],
      ['من أين جاء الزوار؟', 'place'],
      ['أين يقع الملعب؟', 'place'],
      ['اين يقع الملعب', 'place'],
      ['لماذا أُغلق الطريق؟', 'reason'],
      ['كيف وصل الوفد إلى الدوحة؟', 'manner'],
      ['ماذا قال الوزير؟', 'other'],
    ]);
  });

  it('"which year / what number / which city / what name" questions', () => {
    expectKinds([
      ['في أي سنة افتتح المعرض؟', 'date'],
      ['في أي عام تأسس النادي؟', 'date'],
      ['ما عدد الزوار؟', 'number'],
      ['ما نسبة الطاقة الريحية؟', 'number'],
      ['في أي مدينة يقع الملعب؟', 'place'],
      ['ما اسم المديرة؟', 'person'],
    ]);
  });

  it('… with the pronoun that often stands between "what" and its noun (ما هو عدد، ما هي السنة)', () => {
    expectKinds([
      ['ما هو عدد سكان المدينة؟', 'number'],
      ['ما هي السنة التي تأسس فيها النادي؟', 'date'],
      ['ما هو تاريخ افتتاح المحطة؟', 'date'],
      ['ما هي مساحة الحوض؟', 'number'],
      ['ما المدة التي استغرقها البناء؟', 'number'],
      ['ما هو الهدف من المشروع؟', 'other'],
    ]);
  });

  it('Moroccan Darija', () => {
    expectKinds([
      ['شحال من واحد مشا لقطر؟', 'number'],
      ['بشحال التذكرة؟', 'number'],
      ['فوقاش غادي يبدا المونديال؟', 'date'],
      ['امتى بدات الخدمة؟', 'date'],
      ['وقتاش تفتح المحطة؟', 'date'],
      ['شكون هو المدير؟', 'person'],
      ['فين كاين الملعب؟', 'place'],
      ['منين جا الوفد؟', 'place'],
      ['علاش تسدات الطريق؟', 'reason'],
      ['كيفاش وصلو؟', 'manner'],
    ]);
  });

  it('French', () => {
    expectKinds([
      ['Combien de vélos compte le réseau ?', 'number'],
      ['Quand le réseau a-t-il été inauguré ?', 'date'],
      ['Qui est le maire ?', 'person'],
      ['Où se trouve la gare ?', 'place'],
      ['Pourquoi la ville a-t-elle choisi ce projet ?', 'reason'],
      ['Comment fonctionne l’abonnement ?', 'manner'],
      ['En quelle année le projet a-t-il commencé ?', 'date'],
    ]);
  });

  it('English', () => {
    expectKinds([
      ['How many bikes does the network have?', 'number'],
      ['How much does the subscription cost?', 'number'],
      ['When did the plant open?', 'date'],
      ['Who is the mayor?', 'person'],
      ['Where is the station?', 'place'],
      ['Why was the road closed?', 'reason'],
      ['In which year did it open?', 'date'],
    ]);
  });

  it('a statement or a bare topic is "other"', () => {
    expectKinds([
      ['مونديال قطر', 'other'],
      ['Belvélo', 'other'],
      ['', 'other'],
    ]);
  });
});

describe('question head', () => {
  /** The question's text from its head on, or undefined when it has none. */
  const fromHead = (q: string) => {
    const at = questionHead(tokenize(q));
    return at < 0 ? undefined : q.slice(at).trim();
  };

  it('starts after the interrogative a question opens with, of any kind and in any language', () => {
    expect(fromHead('من الذي افتتح المهرجان؟')).toBe('الذي افتتح المهرجان؟');
    expect(fromHead('ما البحر الذي يحد البلاد من الشرق؟')).toBe('البحر الذي يحد البلاد من الشرق؟');
    expect(fromHead('كم دام القتال؟')).toBe('دام القتال؟');
    expect(fromHead('أين تقع الجامعة؟')).toBe('تقع الجامعة؟');
    expect(fromHead('شكون ربح البطولة؟')).toBe('ربح البطولة؟');
    expect(fromHead('Who leads the DGSN?')).toBe('leads the DGSN?');
  });

  it('there is none when the question does not open with an interrogative, or is nothing else', () => {
    expect(fromHead('قبل الحرب، من قاد الجيش؟')).toBeUndefined();
    expect(fromHead('مونديال قطر')).toBeUndefined();
    expect(fromHead('متى؟')).toBeUndefined();
    expect(fromHead('')).toBeUndefined();
  });
});
