import { describe, expect, it } from 'vitest';
import { answerScoreBound, pickAnswer, type AnswerQuery } from '../../../src/engine/answer.ts';
import { skeleton } from '../../../src/analysis/stem.ts';
import { analyze } from '../../../src/analysis/analyzer.ts';
import { tokenize } from '../../../src/analysis/tokenize.ts';
import { questionHead, questionKind } from '../../../src/engine/question.ts';

/** The query the engine would build for `question` (every term weighted 1). */
function query(question: string, maxChars?: number): AnswerQuery {
  const tokens = tokenize(question);
  const terms = analyze(question);
  const headAt = questionHead(tokens);
  return {
    weights: new Map(terms.map((t) => [t.term, 1])),
    head: headAt < 0 ? undefined : terms.find((t) => t.start >= headAt)?.term,
    kind: questionKind(tokens),
    questionNumbers: new Set(tokens.filter((t) => t.kind === 'number').map((t) => t.text)),
    ...(maxChars ? { maxChars } : {}),
  };
}

function pick(passage: string, question: string, maxChars?: number) {
  const r = pickAnswer(passage, query(question, maxChars));
  return { ...r, marked: r.highlight ? r.text.slice(r.highlight.start, r.highlight.end) : '' };
}

const FAIR =
  'افتتح معرض الكتاب أبوابه للزوار صباح السبت. ' +
  'وبلغ عدد الزوار 12 ألف زائر في اليوم الأول، حسب المنظمين. ' +
  'وتشارك في المعرض 45 دار نشر من ثماني دول. ' +
  'واختتم المعرض يوم 30 أبريل 2023 بحفل توزيع الجوائز.';

describe('picking the short answer inside a passage', () => {
  it('counts another form of a question word’s root (استقبل → استقبال) for most of the word', () => {
    const passage = 'وصل سفير اليابان إلى العاصمة صباح الاثنين. وجرى استقبال الوزير له في مقر الوزارة بالرباط.';
    expect(pick(passage, 'أين استقبل الوزير سفير اليابان؟').text).toBe('وجرى استقبال الوزير له في مقر الوزارة بالرباط.');
  });

  it('a verbal noun in تفعيل whose root ends in ن (تدشين) meets its verb (دشن)', () => {
    const passage = 'شيدت الشركة محطة جديدة في الميناء. وترأس الملك تدشين المحطة في شهر يونيو.';
    expect(pick(passage, 'من دشن المحطة؟').text).toBe('وترأس الملك تدشين المحطة في شهر يونيو.');
  });

  it('between two sentences holding as much of the question, prefers the one that goes on from the other', () => {
    // The second sentence's "وبعده" points back at the flood the first one names: it holds the answer.
    const passage = 'ضرب الفيضان الكبير القرية في الربيع. وبعده بنى المهندسون سدا من الحجر.';
    expect(pick(passage, 'ماذا بنى المهندسون بعد الفيضان الكبير؟').text).toBe('وبعده بنى المهندسون سدا من الحجر.');
  });

  it('a sentence opening with a pronoun or a demonstrative comes with the sentence before it, which names what it is about', () => {
    const p = 'فاز العداء سعيد الحسني بسباق الماراثون في الرباط. وهو كذلك أصغر عداء يفوز بالسباق في تاريخه. وحضر السباق آلاف المتفرجين.';
    expect(pick(p, 'من هو أصغر عداء فاز بالسباق في تاريخه؟').text).toBe(
      'فاز العداء سعيد الحسني بسباق الماراثون في الرباط. وهو كذلك أصغر عداء يفوز بالسباق في تاريخه.',
    );
    const q = 'صنعت الورشة محركا جديدا للقوارب. وهذا المحرك أخف من المحركات القديمة بالنصف.';
    expect(pick(q, 'ما الذي جعل المحرك أخف من المحركات القديمة؟').text).toBe(q);
    // … but not when the two do not fit in the short answer, nor for a sentence that names its subject.
    expect(pick(p, 'من هو أصغر عداء فاز بالسباق في تاريخه؟', 60).text).toBe('وهو كذلك أصغر عداء يفوز بالسباق في تاريخه.');
    expect(pick(p, 'كم متفرجا حضر السباق؟').text).toBe('وحضر السباق آلاف المتفرجين.');
  });

  it('the question words of the sentences further back count too, for less and less: a passage goes on about what it named', () => {
    const p =
      'زار الوفد الياباني مدينة فاس في الربيع. وتجول أعضاؤه في أسواقها القديمة. وقد أعجبوا كثيرا بصناعة الجلد. ' +
      'وفي الخريف زار وفد آخر مدينة مراكش. وقد أعجبوا كثيرا بصناعة الخزف.';
    // The verb weighs most: both sentences with it hold nothing else of the question. The first goes on
    // about the Japanese delegation in Fes, named two sentences back; the second has only "وفد" just before it.
    const q = query('بماذا أعجب الوفد الياباني في فاس؟');
    q.weights.set(analyze('أعجب')[0].term, 5);
    expect(pickAnswer(p, q).text).toBe('وقد أعجبوا كثيرا بصناعة الجلد.');
  });

  it('prefers the sentence with the question’s head (the word after its interrogative) to one with more of its topic words', () => {
    // The first sentence names the festival, the city and the cinema; the second says who opened it.
    const p = 'نظمت مدينة مراكش الدورة العشرين من مهرجان السينما بحضور نجوم عالميين. افتتح وزير الثقافة المهرجان مساء الجمعة.';
    const q = query('من الذي افتتح مهرجان السينما في مراكش؟');
    expect(q.head).toBe(analyze('افتتح')[0].term);
    const r = pickAnswer(p, q);
    expect(r.text).toBe('افتتح وزير الثقافة المهرجان مساء الجمعة.');
    // Without a head, the sentence with the most of the question's words wins.
    const plain = pickAnswer(p, { ...q, head: undefined });
    expect(plain.text).toBe('نظمت مدينة مراكش الدورة العشرين من مهرجان السينما بحضور نجوم عالميين.');
    // The head chooses inside the passage only: the passage's score is the same, so passages still compare by the question's words.
    expect(r.score).toBe(plain.score);
  });

  it('picks the sentence that holds the question’s words, taken from the passage as is', () => {
    const r = pick(FAIR, 'كم دار نشر تشارك في المعرض؟');
    expect(r.text).toBe('وتشارك في المعرض 45 دار نشر من ثماني دول.');
    expect(FAIR.includes(r.text)).toBe(true);
  });

  it('for a كم question, marks the number with its scale word', () => {
    expect(pick(FAIR, 'كم عدد الزوار في اليوم الأول؟').marked).toBe('12 ألف');
    expect(pick(FAIR, 'شحال من دار نشر كاينة في المعرض؟').marked).toBe('45');
  });

  it('for a متى question, marks the whole date', () => {
    const r = pick(FAIR, 'متى اختتم المعرض؟');
    expect(r.text).toContain('30 أبريل 2023');
    expect(r.marked).toBe('30 أبريل 2023');
  });

  it('marks a range of dates as one answer', () => {
    const p = 'وتقام الدورة في الفترة من 21 نونبر إلى 18 دجنبر في المدينة.';
    expect(pick(p, 'متى تقام الدورة؟').marked).toBe('21 نونبر إلى 18 دجنبر');
  });

  it('a number the question itself gives is not the answer', () => {
    const p = 'وقع الاتفاق سنة 2020. وفي سنة 2022 وصل 6000 رجل.';
    const r = pick(p, 'كم رجلا وصل سنة 2022؟');
    expect(r.marked).toBe('6000');
  });

  it('a question without a kind gets the sentence but no mark', () => {
    const r = pick(FAIR, 'ماذا حدث في حفل توزيع الجوائز؟');
    expect(r.text).toContain('حفل توزيع الجوائز');
    expect(r.highlight).toBeUndefined();
  });

  it('never returns more than maxChars, and the highlight lies inside the answer', () => {
    const long =
      'وفي إطار الاستعدادات المكثفة التي تعرفها المدينة منذ شهور طويلة، وبعد اجتماعات متتالية بين المسؤولين المحليين والجهويين، ' +
      'وبعد زيارات ميدانية عديدة للمواقع المقترحة، وبعد دراسة الملفات التقنية والمالية بعناية كبيرة، ' +
      'قررت اللجنة المنظمة أن يفتتح المعرض يوم 30 أبريل 2023 في القاعة الكبرى، على أن يستقبل الزوار طيلة أسبوعين كاملين، ' +
      'مع برنامج ثقافي غني يشمل ندوات وأمسيات شعرية ولقاءات مع الكتاب والناشرين القادمين من دول عديدة.';
    expect(long.length).toBeGreaterThan(300);
    for (const max of [300, 120, 80]) {
      const r = pick(long, 'متى يفتتح المعرض؟', max);
      expect(r.text.length).toBeLessThanOrEqual(max);
      expect(long.includes(r.text)).toBe(true);
      if (r.highlight) {
        expect(r.highlight.start).toBeGreaterThanOrEqual(0);
        expect(r.highlight.end).toBeLessThanOrEqual(r.text.length);
      }
    }
    // At the default 300 the clause with the date is chosen and the date marked.
    expect(pick(long, 'متى يفتتح المعرض؟').marked).toBe('30 أبريل 2023');
  });

  it('an empty passage or an empty question does not throw', () => {
    expect(() => pickAnswer('', query('متى؟'))).not.toThrow();
    expect(pickAnswer(FAIR, query('')).text.length).toBeLessThanOrEqual(300);
  });

  // A quantity with its scale word ("3 مليون") is not a day of the month.
  it('a متى question never marks a quantity such as "3 مليون" as the date', () => {
    const p = 'تستقبل المدينة كل صيف 3 مليون زائر من مختلف البلدان.';
    const r = pick(p, 'متى تستقبل المدينة الزوار؟');
    expect(r.marked).not.toContain('مليون');
  });

  // A count between 1000 and 2100 followed by what it counts ("1200 عامل") is not a year.
  it('a كم question marks the count, not the year next to it', () => {
    const p = 'بدأت الأشغال في يوليوز 2020، وشارك فيها 1200 عامل.';
    expect(pick(p, 'كم عامل شارك في الأشغال؟').marked).toBe('1200');
  });

  it('never scores a passage above the bound its question terms allow (the engine skips passages by it)', () => {
    const passages = [FAIR, 'وصل سفير اليابان إلى العاصمة صباح الاثنين. وجرى استقبال الوزير له في مقر الوزارة بالرباط.',
      'ضرب الفيضان الكبير القرية في الربيع. وبعده بنى المهندسون سدا من الحجر.'];
    const questions = ['كم عدد الزوار في اليوم الأول؟', 'متى اختتم المعرض؟', 'أين استقبل الوزير سفير اليابان؟',
      'ماذا بنى المهندسون بعد الفيضان الكبير؟', 'من وزع الجوائز في المعرض؟', 'كم دار نشر شاركت؟'];
    for (const p of passages) {
      const terms = analyze(p).map((t) => t.term);
      const holds = (term: string) => terms.includes(term) || terms.some((t) => skeleton(t) === skeleton(term));
      for (const question of questions) {
        const q = query(question);
        expect(pickAnswer(p, q).score, `${question} / ${p.slice(0, 20)}`).toBeLessThanOrEqual(answerScoreBound(q, holds) + 1e-9);
        // … and the bound is not a blank cheque: it falls when the passage holds fewer of the terms.
        expect(answerScoreBound(q, () => false)).toBeLessThan(answerScoreBound(q, () => true));
      }
    }
  });
});
