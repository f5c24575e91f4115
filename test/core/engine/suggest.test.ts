import { describe, expect, it } from 'vitest';
import { Suggester, keyPhrases, quotedNames } from '../../../src/engine/suggest.ts';
import type { ArticleDoc } from '../../../src/types.ts';

const doc: ArticleDoc = {
  title: 'أحمد الإدريسي يفتتح مكتبة المدينة الجديدة',
  file: 'library.ar.md',
  paragraphs: [
    'افتتح أحمد الإدريسي، رئيس جماعة المدينة، مكتبة عمومية جديدة يوم السبت.',
    'وقال أحمد الإدريسي إن المكتبة تضم عشرين ألف كتاب، وإن قاعة المطالعة مفتوحة طيلة الأسبوع.',
    'وتستقبل قاعة المطالعة التلاميذ والطلبة مجانا، حسب ما أكده أحمد الإدريسي.',
  ],
};
const passages = [doc.paragraphs.map((text) => ({ text }))];

describe('key phrases', () => {
  it('are the two- or three-word phrases an article repeats, most repeated first, as written', () => {
    const phrases = keyPhrases(doc.paragraphs);
    expect(phrases[0]).toBe('أحمد الإدريسي');
    expect(phrases).toContain('قاعة المطالعة');
  });

  it('never start or end with a stop word, and a phrase seen once is not one', () => {
    for (const p of keyPhrases(doc.paragraphs)) {
      expect(p.split(' ').length).toBeGreaterThanOrEqual(2);
      expect(p).not.toMatch(/^(في|من|إلى|على|و) | (في|من|إلى|على)$/);
    }
    expect(keyPhrases(doc.paragraphs)).not.toContain('مكتبة عمومية');
  });

  it('prefer the full name to a piece of it', () => {
    const phrases = keyPhrases(['قال عبد اللطيف حموشي كذا.', 'وأضاف عبد اللطيف حموشي كذا.', 'ثم عاد عبد اللطيف حموشي.']);
    expect(phrases).toContain('عبد اللطيف حموشي');
    expect(phrases).not.toContain('اللطيف حموشي');
    expect(phrases).not.toContain('عبد اللطيف');
  });
});

describe('suggestions', () => {
  const s = new Suggester([doc], passages);

  it('a prefix typed without hamza still suggests the name written with hamzas', () => {
    expect(s.suggest('احمد الادر', 5)).toContain('أحمد الإدريسي');
    expect(s.suggest('الادريسي', 5)).toContain('أحمد الإدريسي');
  });

  it('a prefix with tashkeel or a typo still suggests the name', () => {
    expect(s.suggest('أَحْمَد', 5)).toContain('أحمد الإدريسي');
    expect(s.suggest('احمد الادريسى', 5)).toContain('أحمد الإدريسي');
  });

  it('the headline and example questions are suggested too', () => {
    expect(s.suggest('مكتبة المدينة', 5)).toContain(doc.title);
    const examples = s.examplesFor(doc.file, doc);
    expect(examples.length).toBeGreaterThan(0);
    expect(examples[0]).toBe('ماذا عن أحمد الإدريسي؟');
  });

  it('example questions follow the article’s language', () => {
    const fr: ArticleDoc = {
      title: 'Le nouveau tramway',
      file: 'tram.fr.md',
      lang: 'fr',
      paragraphs: ['Le tramway relie la gare centrale au campus.', 'Depuis la gare centrale, le trajet dure dix minutes.'],
    };
    const sfr = new Suggester([fr], [fr.paragraphs.map((text) => ({ text }))]);
    const ex = sfr.examplesFor(fr.file, fr);
    expect(ex.length).toBeGreaterThan(0);
    expect(ex[0]).toBe('Et gare centrale ?');
  });

  it('respects the limit; an empty prefix gives the best items first', () => {
    expect(s.suggest('', 2)).toHaveLength(2);
    expect(s.suggest('', 1)).toEqual([doc.title]);
    expect(s.suggest('كسكس بالخضر', 5)).toEqual([]);
  });
});

describe('quoted names', () => {
  it('takes the short runs a news text puts in quotes, as written', () => {
    const texts = ['زار ملعب “لوسيل” ومعرض «ميليبول الدولي»، وقال: "هذا يوم تاريخي لنا جميعا في هذه المدينة الجميلة".'];
    expect(quotedNames(texts)).toEqual(['لوسيل', 'ميليبول الدولي']);
  });
  it('a misspelt name finds its quoted form in the suggestions', () => {
    const doc: ArticleDoc = { title: 'زيارة', file: 'z.md', paragraphs: ['زار الوفد ملعب “لوسيل” أمس.'] };
    const s = new Suggester([doc], [[{ text: doc.paragraphs[0] }]]);
    expect(s.suggest('لوسل', 5)).toContain('لوسيل');
  });
});
