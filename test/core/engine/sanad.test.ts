/**
 * The engine as a user meets it: questions about the bundled article and our
 * own fixture articles (test/fixtures/knowledge), asked the many ways people
 * type them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Sanad } from '../../../src/engine/sanad.ts';
import { toPassages, DEFAULT_PASSAGE_OPTIONS } from '../../../src/engine/passages.ts';
import { clauses } from '../../../src/engine/segment.ts';
import type { Answer, ArticleDoc } from '../../../src/types.ts';
import {
  BUNDLED_FILE,
  DESAL_FILE,
  DESAL_TITLE,
  VELO_FILE,
  allEngine,
  bundledArticles,
  fixtureArticles,
  highlighted,
  loose,
} from '../helpers.ts';

const OLIVE_FILE = 'wadi-sidr-olive-festival.ar.md';

let engine: Sanad;
let bundledOnly: Sanad;
let bundled: ArticleDoc[];
beforeAll(async () => {
  engine = await allEngine();
  bundled = await bundledArticles();
  bundledOnly = Sanad.fromArticles(bundled);
});

/** A small article of one paragraph, for a test's own knowledge. */
function doc(file: string, title: string, text: string): ArticleDoc {
  return { file, title, paragraphs: [text], lang: 'ar' };
}

/** An engine over a test's own small articles. */
function engineOf(...docs: ArticleDoc[]): Sanad {
  return Sanad.fromArticles(docs);
}

/** Asserts an answer was found in `file` and its passage holds `inPassage`; returns it. */
function expectFound(q: string, file: string, inPassage: string, e: Sanad = engine): Answer {
  const a = e.ask(q);
  expect(a.kind, q).toBe('answer');
  expect(a.found, q).toBe(true);
  expect(a.best, q).toBeDefined();
  expect(a.best!.source.file, q).toBe(file);
  expect(loose(a.best!.passage), q).toContain(loose(inPassage));
  return a;
}

/** True when `answer` is a run of whole clauses (or sentences) of `passage`. */
function isClauseRun(passage: string, answer: string): boolean {
  const at = passage.indexOf(answer);
  if (at < 0) return false;
  const spans = clauses(passage);
  return spans.some((s) => s.start === at) && spans.some((s) => s.end === at + answer.length);
}

describe('the right article', () => {
  const cases: Array<[string, string, string]> = [
    ['متى ستقام كأس العالم؟', BUNDLED_FILE, '21 نونبر'],
    ['كم عدد رجال الأمن المغاربة الذين سيتم إيفادهم إلى قطر؟', BUNDLED_FILE, '6000'],
    ['من هو المدير العام للأمن الوطني؟', BUNDLED_FILE, 'عبد اللطيف حموشي'],
    ['ما هو الملعب الذي سيحتضن المباراة النهائية؟', BUNDLED_FILE, 'لوسيل'],
    ['كم مشجعا ستستقبل قطر؟', BUNDLED_FILE, '1.5 مليون'],
    ['كم تبلغ الطاقة الإنتاجية لمحطة التحلية؟', DESAL_FILE, '150 ألف متر مكعب'],
    ['متى دشنت محطة التحلية في تيغالين؟', DESAL_FILE, '12 شتنبر 2023'],
    ['من هي المديرة الجهوية للمكتب الوطني للماء؟', DESAL_FILE, 'سلمى بنعيسى'],
    ['كم كلف إنجاز المشروع؟', DESAL_FILE, '2.4 مليار درهم'],
    ['متى ستنطلق المرحلة الثانية من المشروع؟', DESAL_FILE, 'مارس 2024'],
    ['متى افتتح مهرجان الزيتون؟', OLIVE_FILE, '14 نوفمبر 2024'],
    ['كم طنا من الزيتون جمعت التعاونيات؟', OLIVE_FILE, '800 طن'],
    ['Combien de vélos compte le réseau ?', VELO_FILE, '480 vélos'],
    ['Quand le réseau Belvélo a-t-il été inauguré ?', VELO_FILE, '2 avril 2024'],
    ["Combien coûte l'abonnement annuel ?", VELO_FILE, '25 euros'],
  ];
  for (const [q, file, text] of cases) {
    it(`${q} → ${file}`, () => {
      expectFound(q, file, text);
    });
  }

  it('the bundled article alone still answers its own questions', () => {
    expectFound('متى ستقام كأس العالم؟', BUNDLED_FILE, '18 دجنبر', bundledOnly);
  });
});

describe('the same question, typed the ways people type', () => {
  it('without hamzas', () => {
    expectFound('كم عدد رجال الامن المغاربه الذين سيتم ايفادهم الي قطر', BUNDLED_FILE, '6000');
    expectFound('كم تبلغ الطاقه الانتاجيه للمحطه', DESAL_FILE, '150 ألف');
  });

  it('with full tashkeel', () => {
    expectFound('مَتَى سَتُقَامُ كَأْسُ العَالَمِ؟', BUNDLED_FILE, '21 نونبر');
    expectFound('كَمْ كَلَّفَ إِنْجَازُ المَشْرُوعِ؟', DESAL_FILE, '2.4 مليار');
  });

  it('with Arabic-Indic digits', () => {
    expectFound('ماذا حدث يوم ١٢ شتنبر ٢٠٢٣؟', DESAL_FILE, 'دشنت');
    expectFound('ماذا حدث في ٢٤ ماي ٢٠٢٢؟', BUNDLED_FILE, 'استقبال عبد اللطيف حموشي');
  });

  it('with Eastern or Levantine month names when the text has Maghrebi ones', () => {
    expectFound('ماذا حدث في 24 مايو 2022؟', BUNDLED_FILE, '24 ماي 2022');
    expectFound('ماذا حدث في أيار 2022؟', BUNDLED_FILE, '24 ماي 2022');
    expectFound('ماذا حدث في سبتمبر 2023؟', DESAL_FILE, '12 شتنبر 2023');
    expectFound('كم سيبلغ الإنتاج في أفق ديسمبر ٢٠٢٦؟', DESAL_FILE, 'دجنبر 2026');
    expectFound('كم سيبلغ الإنتاج في أفق كانون الأول 2026؟', DESAL_FILE, 'دجنبر 2026');
  });

  it('with Maghrebi month names when the text has Eastern ones', () => {
    expectFound('ماذا حدث يوم 14 نونبر 2024؟', OLIVE_FILE, '14 نوفمبر 2024');
    expectFound('ماذا حدث في غشت؟', OLIVE_FILE, 'أغسطس');
  });

  it('with a typo in a key word', () => {
    expectFound('كم عدد رجال حمومشي', BUNDLED_FILE, '6000');
    expectFound('متى دشنت محطة التحلية في تيغالبن', DESAL_FILE, '12 شتنبر 2023');
    expectFound('متى ستقام كاس العالم في قطرر', BUNDLED_FILE, '21 نونبر');
    expectFound('متى افتتح مهرجان الزيتوون', OLIVE_FILE, '14 نوفمبر');
  });

  it('with Darija question words (شحال، فوقاش، شكون، فين)', () => {
    expectFound('شحال كلف المشروع ديال المحطة؟', DESAL_FILE, '2.4 مليار');
    expectFound('شحال من طن ديال الزيتون جمعو التعاونيات؟', OLIVE_FILE, '800 طن');
    expectFound('فوقاش بدات أشغال البناء ديال المحطة؟', DESAL_FILE, 'يوليوز 2020');
    expectFound('شكون هي المديرة الجهوية للمكتب الوطني للماء؟', DESAL_FILE, 'سلمى بنعيسى');
    expectFound('شكون هو رئيس المجلس البلدي ديال وادي السدر؟', OLIVE_FILE, 'كريم العلمي');
    expectFound('فين كاين الملعب اللي غادي يحتضن المباراة النهائية؟', BUNDLED_FILE, 'لوسيل');
  });

  // The hamza-seat spellings مسؤول / مسئول are one word.
  it('with the other hamza seat (المسئولون for المسؤولون)', () => {
    const a = expectFound('متى استقبل المسئولون القطريون حموشي؟', BUNDLED_FILE, '24 ماي 2022');
    expect(highlighted(a.best)).toContain('24 ماي 2022');
  });
});

describe('the short answer', () => {
  const questions = [
    'متى ستقام كأس العالم؟',
    'كم عدد رجال الأمن المغاربة الذين سيتم إيفادهم إلى قطر؟',
    'متى استقبل المسؤولون القطريون حموشي؟',
    'من هو المدير العام للأمن الوطني؟',
    'كم مشجعا ستستقبل قطر؟',
    'ماذا قرر المسؤولون القطريون بعد جلسة العمل؟',
    'كم تبلغ الطاقة الإنتاجية لمحطة التحلية؟',
    'كم كلف إنجاز المشروع؟',
    'Combien de vélos compte le réseau ?',
  ];

  it('is at most 300 characters and a run of whole clauses of its passage', () => {
    for (const q of questions) {
      const a = engine.ask(q);
      expect(a.found, q).toBe(true);
      const m = a.best!;
      expect(m.answer.length, q).toBeLessThanOrEqual(300);
      expect(m.answer.length, q).toBeGreaterThan(0);
      expect(isClauseRun(m.passage, m.answer), `${q}\n${m.answer}`).toBe(true);
    }
  });

  it('its highlight lies inside it', () => {
    for (const q of questions) {
      const m = engine.ask(q).best!;
      if (!m.highlight) continue;
      expect(m.highlight.start).toBeGreaterThanOrEqual(0);
      expect(m.highlight.end).toBeLessThanOrEqual(m.answer.length);
      expect(m.highlight.end).toBeGreaterThan(m.highlight.start);
    }
  });

  const marked: Array<[string, string]> = [
    ['متى ستقام كأس العالم؟', '21 نونبر إلى 18 دجنبر'],
    ['متى استقبل المسؤولون القطريون حموشي؟', '24 ماي 2022'],
    ['كم عدد رجال الأمن المغاربة الذين سيتم إيفادهم إلى قطر؟', '6000'],
    ['كم مشجعا ستستقبل قطر؟', '1.5 مليون'],
    ['متى دشنت محطة التحلية في تيغالين؟', '12 شتنبر 2023'],
    ['كم تبلغ الطاقة الإنتاجية لمحطة التحلية؟', '150 ألف'],
    ['كم كلف إنجاز المشروع؟', '2.4 مليار'],
    ['فوقاش بدات أشغال البناء ديال المحطة؟', 'يوليوز 2020'],
    ['شحال من طن ديال الزيتون جمعو التعاونيات؟', '800'],
    ['Combien de vélos compte le réseau ?', '480'],
    ['Quand le réseau Belvélo a-t-il été inauguré ?', '2 avril 2024'],
  ];
  for (const [q, span] of marked) {
    it(`${q} marks «${span}»`, () => {
      const a = engine.ask(q);
      expect(highlighted(a.best)).toContain(span);
    });
  }

  // BUG (reported): the answer is the Lusail clause, whose only date-like token is the
  // World Cup's "2022"; the visit's date "24 ماي 2022" stands two clauses earlier.
  it.fails('متى زار حموشي ملعب لوسيل؟ marks the visit’s date «24 ماي 2022»', () => {
    expect(highlighted(engine.ask('متى زار حموشي ملعب لوسيل؟').best)).toContain('24 ماي 2022');
  });

  // The question's تطور is the article's تطورت (the feminine past: المديرية تطورت).
  it('ما الذي تطور منذ تولي حموشي؟ finds the article’s تطورت, not declined', () => {
    const a = bundledOnly.ask('ما الذي تطور منذ تولي حموشي؟');
    expect(a.found).toBe(true);
    expect(a.best?.answer).toContain('تطورت المديرية العامة للأمن الوطني');
  });

  // زار is not written in the article, only its verbal noun (زيارته، بزيارة): the hollow root meets.
  // (On the bundled article alone, as `npm start` serves it: there حموشي and قطر say little.)
  it('متى زار حموشي قطر؟ is answered with the visit’s date, not declined', () => {
    const a = bundledOnly.ask('متى زار حموشي قطر؟');
    expect(a.found).toBe(true);
    expect(highlighted(a.best)).toContain('24 ماي 2022');
  });

  // Darija content words the articles write in MSA: بوليسي → الأمن، خدام → عامل.
  it('شحال من بوليسي مغربي غادي لقطر؟ (Darija) answers with the 6000 sentence', () => {
    const a = bundledOnly.ask('شحال من بوليسي مغربي غادي لقطر؟');
    expect(a.found).toBe(true);
    expect(a.best?.answer).toContain('إيفاد 6000');
  });
  // A verb of general meaning the article never writes (it says إيفاد) does not turn the question away.
  it('شحال من بوليسي غادي يمشي لقطر؟ and شحال من واحد مشا لقطر؟ (Darija: يمشي، مشا) answer with the 6000 sentence', () => {
    for (const q of ['شحال من بوليسي غادي يمشي لقطر؟', 'شحال من واحد مشا لقطر؟']) {
      const a = bundledOnly.ask(q);
      expect(a.found, q).toBe(true);
      expect(a.best?.answer, q).toContain('إيفاد 6000');
    }
  });
  it('a light verb does not make an off-topic question answerable (شكون غادي يمشي للمريخ؟، كم شخصا ذهبوا إلى القمر؟)', () => {
    for (const q of ['شكون غادي يمشي للمريخ؟', 'كم شخصا ذهبوا إلى القمر؟', 'شحال من واحد مشا لليابان؟']) {
      expect(engine.ask(q).found, q).toBe(false);
    }
  });

  // A light word the knowledge writes in MSA is still found through the Darija list: مشا → سافر.
  it('a Darija light verb the articles write in MSA is looked for there (مشاو، مشا → سافر)', () => {
    const e = engineOf(
      doc('a.md', 'المنتخب', 'لعب المنتخب مباراة ودية يوم 9 ماي 2024 في الرباط.'),
      doc('b.md', 'المنتخب في الدوحة', 'سافر المنتخب إلى الدوحة يوم 3 مارس 2024 بعد المعسكر.'),
    );
    for (const q of ['فوقاش مشاو المنتخب؟', 'امتى مشا المنتخب؟']) expect(e.ask(q).best?.answer, q).toContain('سافر المنتخب');
  });

  // عيط (Darija: to call) → اتصل, which the article writes only as الاتصال (another form of its root).
  it('شكون اللي عيط لأمير قطر؟ (Darija) answers with the phone call between the King and the Emir', () => {
    const a = bundledOnly.ask('شكون اللي عيط لأمير قطر؟');
    expect(a.found).toBe(true);
    expect(a.best?.answer).toContain('الاتصال الهاتفي بين الملك محمد السادس والأمير تميم');
  });

  // The article writes الأمن (Moroccan usage), the question الشرطة / شرطيا (Eastern): regional.ts.
  it('كم شرطيا مغربيا سيذهب الى قطر؟ finds the article’s الأمن and answers with the 6000 sentence, not declined', () => {
    const a = bundledOnly.ask('كم شرطيا مغربيا سيذهب الى قطر؟');
    expect(a.found).toBe(true);
    expect(a.best?.answer).toContain('إيفاد 6000');
  });
  it('a word of another region finds this region’s word, both ways (البلدية → الجماعة، الأمن → الشرطة)', () => {
    const e = engineOf(
      doc('a.md', 'أشغال في المدينة', 'أعلنت الجماعة عن إصلاح الطرق يوم 3 مارس 2024.'),
      doc('b.md', 'برنامج التشجير', 'أعلنت الوزارة عن برنامج للتشجير يوم 9 ماي 2024.'),
      doc('c.md', 'حادث سير', 'وصل رجال الشرطة إلى مكان الحادث بعد عشر دقائق يوم 5 يونيو 2024.'),
      doc('d.md', 'المعرض', 'وصل الزوار إلى المعرض بكثافة يوم 7 يونيو 2024.'),
    );
    expect(e.ask('متى أعلنت البلدية؟').best?.source.file).toBe('a.md');
    expect(e.ask('متى وصل الأمن؟').best?.source.file).toBe('c.md');
  });

  // عاون is not written in the article, only the verbal noun تعاون of its root.
  it('واش المغرب عاون قطر؟ (Darija) is answered with the cooperation agreement, not declined', () => {
    const a = bundledOnly.ask('واش المغرب عاون قطر؟');
    expect(a.found).toBe(true);
    expect(a.best?.answer).toContain('اتفاقية تعاون');
  });

  // المغاربة is one letter from محاربة and has the root of المغرب: the root wins over the typo.
  it('a broken plural the articles never write meets its singular rather than a word one letter away (المغاربة → المغرب, not محاربة)', () => {
    const e = engineOf(
      doc('a.md', 'معرض الكتاب', 'شارك المغرب في معرض الكتاب بباريس يوم 3 مارس 2024 بجناح كبير.'),
      doc('b.md', 'ندوة البيئة', 'شارك فريق محاربة التصحر في ندوة بباريس يوم 9 ماي 2024.'),
    );
    for (const q of ['متى شارك المغاربة في باريس؟', 'فوقاش شاركو المغاربة فباريس؟']) {
      expect(e.ask(q).best?.source.file, q).toBe('a.md');
    }
  });

  it('شحال من خدام خدمو فالمحطة؟ (Darija) marks «1200» in our own article', () => {
    const a = engine.ask('شحال من خدام خدمو فالمحطة؟');
    expect(a.best?.source.file).toContain('tighaline');
    expect(highlighted(a.best)).toBe('1200');
  });

  // A space lost before the article joins two words into one unknown word.
  it('two words joined by a lost space before the article are read as two (رجالالأمن، الطاقةالإنتاجية)', () => {
    expect(bundledOnly.ask('كم عدد رجالالأمن المغاربة الذين سيرسلون؟').best?.answer).toContain('6000');
    expect(highlighted(engine.ask('كم تبلغ الطاقةالإنتاجية لمحطة التحلية؟').best)).toContain('150 ألف');
  });

  // The articles write only بدبي and بفاس; Darija writes ف for في.
  it('a word the articles write only with another proclitic is found (فدبي → بدبي)', () => {
    const e = engineOf(
      doc('a.md', 'معرض الكتاب', 'افتتح معرض الكتاب بدبي يوم 3 مارس 2024 بحضور الوزيرة.'),
      doc('b.md', 'معرض الكتاب الثاني', 'افتتح معرض الكتاب بفاس يوم 9 ماي 2024 بحضور الوزيرة.'),
      doc('c.md', 'الطقس', 'يعرف الطقس تحسنا ملحوظا في الشمال خلال الأسبوع.'),
    );
    expect(e.ask('فوقاش تفتح معرض الكتاب فدبي؟').best?.answer).toContain('3 مارس 2024');
    expect(e.ask('فوقاش تفتح معرض الكتاب ففاس؟').best?.answer).toContain('9 ماي 2024');
  });

  // The sentences of a passage share its topic (the festival, the city); the one that answers says who opened it.
  it('من الذي افتتح …؟ answers with the sentence that has the verb asked about, not the one with the most topic words', () => {
    const e = engineOf(
      doc(
        'a.md',
        'مهرجان مراكش',
        'نظمت مدينة مراكش الدورة العشرين من مهرجان السينما بحضور نجوم عالميين. افتتح وزير الثقافة المهرجان مساء الجمعة. وتستمر العروض أسبوعا كاملا.',
      ),
      doc('b.md', 'الطقس', 'يعرف الطقس تحسنا ملحوظا في الشمال خلال الأسبوع.'),
    );
    expect(e.ask('من الذي افتتح مهرجان السينما في مراكش؟').best?.answer).toBe('افتتح وزير الثقافة المهرجان مساء الجمعة.');
  });

  // استقبل is as close to تستقبل as to استقبال: both count, and the date decides.
  it('متى استقبل حموشي؟ answers with the reception date', () => {
    const a = engine.ask('متى استقبل حموشي؟');
    expect(a.best?.answer ?? '').toContain('24 ماي 2022');
    expect(highlighted(a.best)).not.toContain('مليون');
  });

  // كم + accusative noun (عاملا، دركيا) is the normal MSA "how many" form: the count next to
  // the noun is the answer, not a year nearby (2020) nor another country's number (3250).
  it('كم عاملا شارك في بناء المحطة؟ marks «1200»', () => {
    expect(highlighted(engine.ask('كم عاملا شارك في بناء المحطة؟').best)).toBe('1200');
  });
  it('كم دركيا خصصت فرنسا؟ marks «200»', () => {
    expect(highlighted(engine.ask('كم دركيا خصصت فرنسا؟').best)).toBe('200');
  });

  // A who-question in Latin script looks for a person's name (capitalised words).
  it('Qui est le maire de Belmont-sur-Loire ? answers with the mayor’s name', () => {
    const a = engine.ask('Qui est le maire de Belmont-sur-Loire ?');
    expect(a.best?.answer ?? '').toContain('Antoine Delorme');
  });
});

describe('declining what the articles do not cover', () => {
  const offTopic = [
    'كيف أحضر طاجين الدجاج بالزيتون؟',
    'ما هي وصفة الحريرة المغربية؟',
    'كم يبعد كوكب المريخ عن الشمس؟',
    'متى يحدث الكسوف الكلي للشمس القادم؟',
    'كم عدد أقمار كوكب المشتري؟',
    'من سجل هدف الوداد في مباراة الديربي؟',
    'شكون ربح الماتش ديال الرجاء والوداد؟',
    'ما عاصمة اليابان؟',
    'Quelle est la recette du couscous ?',
    'What is the distance to the moon?',
    'Who won the Champions League final in 2023?',
  ];
  for (const q of offTopic) {
    it(`declines: ${q}`, () => {
      const a = engine.ask(q);
      expect(a.found).toBe(false);
      expect(a.kind).toBe('decline');
      expect(a.best).toBeUndefined();
      expect(a.score).toBeGreaterThanOrEqual(0);
      expect(a.score).toBeLessThanOrEqual(1);
    });
  }

  // Football questions about matches the articles never mention, whose مباراة and الملك/الملكي match
  // by chance: what is asked (فاز، هداف) is nowhere in the articles, so the rest must be well covered.
  for (const q of ['من فاز بمباراة الرجاء والجيش الملكي؟', 'من هو هداف الدوري الإسباني؟']) {
    it(`declines a football question the articles do not cover: ${q}`, () => {
      expect(engine.ask(q).found).toBe(false);
    });
  }
  // BUG (reported): still answered: نتيجة meets the articles' إنتاج through their root (ن ت ج), so what is asked is found.
  it.fails('declines a football question the articles do not cover: كم كانت نتيجة مباراة المغرب والبرتغال؟', () => {
    expect(engine.ask('كم كانت نتيجة مباراة المغرب والبرتغال؟').found).toBe(false);
  });

  // What is asked (مؤلف، لغة) is nowhere in the article; the rest (المجلة) is: the question needs more of itself covered.
  it('declines when what is asked is a word the articles never write, though its topic is there (من هو مؤلف المجلة؟)', () => {
    for (const q of ['من هو مؤلف المجلة؟', 'ما هي لغة المجلة؟']) {
      const a = bundledOnly.ask(q);
      expect(a.found, q).toBe(false);
      expect(a.kind, q).toBe('decline');
    }
  });
  // Begin and end are light verbs: the question is about the World Cup, and its dates answer it.
  it('still answers when what is asked is a light verb the article does not write (متى تنتهي كأس العالم في قطر؟، فوقاش غادي تبدا كاس العالم؟)', () => {
    for (const q of ['متى تنتهي كأس العالم في قطر؟', 'فوقاش غادي تبدا كاس العالم؟']) {
      const a = bundledOnly.ask(q);
      expect(a.found, q).toBe(true);
      expect(highlighted(a.best), q).toContain('18 دجنبر');
    }
  });

  it('a question of stop words only is declined, not answered', () => {
    const a = engine.ask('ما هو الذي كان؟');
    expect(a.found).toBe(false);
  });
});

describe('greetings, empty and punctuation-only input get help', () => {
  for (const q of ['مرحبا', 'السلام عليكم', 'سلام', 'Bonjour', 'hello', 'hi!', '', '   ', '؟؟؟', '...', '!! ؟ ،', '\u200F']) {
    it(JSON.stringify(q), () => {
      const a = engine.ask(q);
      expect(a.kind).toBe('help');
      expect(a.found).toBe(false);
      expect(a.best).toBeUndefined();
    });
  }

  it('a greeting followed by a real question is answered', () => {
    const a = engine.ask('السلام عليكم، متى ستقام كأس العالم؟');
    expect(a.found).toBe(true);
    expect(a.best!.passage).toContain('21 نونبر');
  });
});

describe('the article hint', () => {
  // Two reports of twin events, written alike: a question fits both equally.
  const twins: ArticleDoc[] = [
    {
      title: 'معرض الكتاب في مدينة الأمل',
      file: 'amal.ar.md',
      paragraphs: ['افتتح معرض الكتاب أبوابه يوم 3 ماي بحضور وزير الثقافة، وشاركت فيه دور نشر من عشر دول.'],
    },
    {
      title: 'معرض الكتاب في مدينة النور',
      file: 'nour.ar.md',
      paragraphs: ['افتتح معرض الكتاب أبوابه يوم 9 ماي بحضور وزير الثقافة، وشاركت فيه دور نشر من عشر دول.'],
    },
  ];
  const twinsEngine = Sanad.fromArticles(twins);

  it('prefers the hinted article when the question fits both', () => {
    const q = 'متى افتتح معرض الكتاب؟';
    expect(twinsEngine.ask(q).found).toBe(true);
    expect(twinsEngine.ask(q, { article: 'amal.ar.md' }).best!.source.file).toBe('amal.ar.md');
    expect(twinsEngine.ask(q, { article: 'nour.ar.md' }).best!.source.file).toBe('nour.ar.md');
    expect(highlighted(twinsEngine.ask(q, { article: 'nour.ar.md' }).best)).toContain('9 ماي');
  });

  it('does not override a question that names the other article', () => {
    const q = 'متى افتتح معرض الكتاب في مدينة الأمل؟';
    expect(twinsEngine.ask(q, { article: 'nour.ar.md' }).best!.source.file).toBe('amal.ar.md');
    // Nor does it take a clear question about the bundled article elsewhere.
    const a = engine.ask('كم عدد رجال الأمن المغاربة الذين سيتم إيفادهم إلى قطر؟', { article: DESAL_FILE });
    expect(a.best!.source.file).toBe(BUNDLED_FILE);
  });

  it('on the fixture articles: a vague follow-up stays with the conversation’s article', () => {
    const q = 'ما هي المرحلة النهائية؟';
    expect(engine.ask(q, { article: DESAL_FILE }).best!.source.file).toBe(DESAL_FILE);
    expect(engine.ask(q, { article: BUNDLED_FILE }).best!.source.file).toBe(BUNDLED_FILE);
  });

  it('an unknown hint changes nothing', () => {
    const q = 'متى ستقام كأس العالم؟';
    expect(engine.ask(q, { article: 'no-such-article.md' })).toEqual(engine.ask(q));
  });
});

describe('the source of an answer', () => {
  it('names the article: title, file, and url and date when the article has them', () => {
    const a = engine.ask('كم كلف إنجاز المشروع؟');
    expect(a.best!.source).toMatchObject({
      title: DESAL_TITLE,
      file: DESAL_FILE,
      url: 'https://example.org/tighaline/desalination-plant',
      date: '2023-09-14',
    });
  });

  it('leaves out what the article does not have', () => {
    const s = engine.ask('متى ستقام كأس العالم؟').best!.source;
    expect(s.file).toBe(BUNDLED_FILE);
    expect(s.title).toContain('حموشي');
    expect(s.url).toBeUndefined();
    const olive = engine.ask('متى افتتح مهرجان الزيتون؟').best!.source;
    expect(olive.date).toBe('2024-11-16');
    expect(olive.url).toBeUndefined();
  });

  it('the engine lists its articles with passage counts', () => {
    const files = engine.articles.map((a) => a.file);
    expect(files).toContain(BUNDLED_FILE);
    expect(files).toContain(DESAL_FILE);
    expect(files).toContain(VELO_FILE);
    expect(files).toContain(OLIVE_FILE);
    const total = engine.articles.reduce((n, a) => n + a.passages, 0);
    expect(total).toBe(engine.size);
    for (const a of engine.articles) expect(a.passages).toBeGreaterThan(0);
  });

  it('passage(id) gives back the whole passage and its source', () => {
    const a = engine.ask('كم كلف إنجاز المشروع؟');
    const p = engine.passage(a.best!.passageId);
    expect(p?.text).toBe(a.best!.passage);
    expect(p?.source.file).toBe(DESAL_FILE);
    expect(engine.passage(-1)).toBeUndefined();
    expect(engine.passage(engine.size)).toBeUndefined();
  });
});

describe('passages', () => {
  it('the bundled article’s long second paragraph (747 characters, one sentence) is split into whole clauses', () => {
    const [article] = bundled;
    const para = article.paragraphs[1];
    expect(para.length).toBe(747);
    const max = DEFAULT_PASSAGE_OPTIONS.maxChars;
    const parts = toPassages(article).filter((p) => p.paragraph === 1);
    expect(parts.length).toBeGreaterThan(1);
    const ends = new Set(clauses(para).map((c) => c.end));
    const starts = new Set(clauses(para).map((c) => c.start));
    // In order, whole clauses, together the whole paragraph; one may open with the last clause of the one before.
    let from = 0;
    let covered = 0;
    for (const p of parts) {
      expect(p.text.length).toBeLessThanOrEqual(max);
      const at = para.indexOf(p.text, from);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(at).toBeLessThanOrEqual(covered + 1);
      expect(starts.has(at)).toBe(true);
      expect(ends.has(at + p.text.length)).toBe(true);
      covered = at + p.text.length;
      from = at + 1;
    }
    // Together they are the whole paragraph.
    expect(para.startsWith(parts[0].text)).toBe(true);
    expect(covered).toBe(para.length);
  });

  it('no passage of the engine is longer than the configured max', () => {
    for (const maxChars of [700, 400, 250]) {
      const e = Sanad.fromArticles(bundled, { passages: { maxChars, targetChars: Math.round(maxChars * 0.65) } });
      expect(e.size).toBeGreaterThanOrEqual(bundled[0].paragraphs.length);
      for (let id = 0; id < e.size; id++) expect(e.passage(id)!.text.length).toBeLessThanOrEqual(maxChars);
    }
  });

  it('short paragraphs stay whole', () => {
    const [article] = bundled;
    const whole = toPassages(article).filter((p) => p.paragraph !== 1);
    for (const p of whole) expect(p.text).toBe(article.paragraphs[p.paragraph]);
  });
});

describe('scores and odd input', () => {
  it('every score is within 0..1', () => {
    for (const q of ['متى ستقام كأس العالم؟', 'كيف أحضر الكسكس؟', 'مرحبا', 'قطر', 'قطر قطر قطر قطر', 'Belvélo']) {
      const a = engine.ask(q);
      expect(a.score).toBeGreaterThanOrEqual(0);
      expect(a.score).toBeLessThanOrEqual(1);
      for (const m of [a.best, ...a.others]) {
        if (!m) continue;
        expect(m.score).toBeGreaterThanOrEqual(0);
        expect(m.score).toBeLessThanOrEqual(1);
      }
    }
  });

  it('other matches come from other passages, never the best one again', () => {
    const a = engine.ask('متى ستقام كأس العالم في قطر؟');
    const ids = [a.best!.passageId, ...a.others.map((o) => o.passageId)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never throws on odd input', () => {
    const odd: unknown[] = [
      'قطر '.repeat(5000),
      'و'.repeat(20_000),
      '😀😀😀 🇲🇦⚽',
      '⚽ متى ستقام كأس العالم؟ 🏆',
      'Quand est-ce que كأس العالم start in قطر?',
      '١٢٣٤٥٦٧٨٩٠'.repeat(50),
      '\u0000\u0001\u001f\u007f',
      '\u202Eمتى\u202C',
      'ـــــــ',
      'َُِّْ',
      '1.5.5.5,000,,,',
      '<script>alert(1)</script>',
      'a'.repeat(100_000),
      null,
      undefined,
      42,
      {},
    ];
    for (const q of odd) {
      let a: Answer | undefined;
      expect(() => (a = engine.ask(q as string))).not.toThrow();
      expect(['answer', 'decline', 'help']).toContain(a!.kind);
      expect(a!.score).toBeGreaterThanOrEqual(0);
      expect(a!.score).toBeLessThanOrEqual(1);
    }
  });

  it('answers the same question the same way every time (no state between questions)', () => {
    const q = 'كم تبلغ الطاقة الإنتاجية لمحطة التحلية؟';
    const first = engine.ask(q);
    engine.ask('متى ستقام كأس العالم؟');
    engine.ask('Combien de vélos ?', { article: VELO_FILE });
    expect(engine.ask(q)).toEqual(first);
  });

  it('the warm-up questions an engine asks itself once built change none of its answers', async () => {
    const cold = Sanad.fromArticles(await fixtureArticles(), { warmUp: 0 });
    const warm = Sanad.fromArticles(await fixtureArticles(), { warmUp: 300 });
    for (const q of ['كم تبلغ الطاقة الإنتاجية لمحطة التحلية؟', 'متى ستقام كأس العالم؟', 'Combien de vélos ?', 'ما هي وصفة الحريرة؟']) {
      expect(warm.ask(q), q).toEqual(cold.ask(q));
    }
  });

  it('an engine with no article declines everything and does not throw', () => {
    const empty = Sanad.fromArticles([]);
    expect(empty.size).toBe(0);
    expect(empty.ask('متى ستقام كأس العالم؟').found).toBe(false);
    expect(empty.ask('مرحبا').kind).toBe('help');
  });
});

describe('suggestions while typing', () => {
  it('a prefix of the name, typed without hamza or with a typo, suggests the name', () => {
    const name = 'عبد اللطيف حموشي';
    expect(engine.suggest('حموش', 10)).toContain(name);
    expect(engine.suggest('عبد اللط', 10)).toContain(name);
  });

  it('a hamza-less prefix still finds the headline that has the hamza', () => {
    const titles = engine.suggest('ماروك ايبدو', 10);
    expect(titles.some((s) => s.includes('ماروك إيبدو'))).toBe(true);
  });

  it('suggests our own articles by their words', () => {
    expect(engine.suggest('تيغال', 10)).toContain(DESAL_TITLE);
    expect(engine.suggest('belmont', 10).some((s) => s.startsWith('Belmont-sur-Loire'))).toBe(true);
  });

  it('respects the limit and suggests something for an empty prefix', () => {
    expect(engine.suggest('', 3).length).toBe(3);
    expect(engine.suggest('حموش', 2).length).toBeLessThanOrEqual(2);
  });

  it('the bundled article comes with example questions to show new users', () => {
    const info = engine.articles.find((a) => a.file === BUNDLED_FILE)!;
    expect(info.examples.length).toBeGreaterThan(0);
    for (const q of info.examples) expect(q.trim().length).toBeGreaterThan(0);
  });
});

describe('fixtures', () => {
  it('our fixture articles load with their front matter', async () => {
    const docs = await fixtureArticles();
    const desal = docs.find((d) => d.file === DESAL_FILE)!;
    expect(desal.title).toBe(DESAL_TITLE);
    expect(desal.date).toBe('2023-09-14');
    expect(desal.paragraphs.length).toBe(6);
  });
});
