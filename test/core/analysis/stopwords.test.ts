import { describe, expect, it } from 'vitest';
import { isStopWord, STOP_WORDS } from '../../../src/analysis/stopwords.ts';
import { analyze, isStop } from '../../../src/analysis/analyzer.ts';
import { normalize } from '../../../src/analysis/normalize.ts';

const stop = (w: string) => isStopWord(normalize(w));

describe('stop words', () => {
  it('a preposition with an attached pronoun is a stop word like the bare preposition', () => {
    for (const w of ['عنها', 'إليها', 'معهم', 'لديه', 'منه', 'عليهم', 'فيها', 'بهم', 'وعنها']) expect(isStop(normalize(w)), w).toBe(true);
    // … while the words they resemble stay terms.
    expect(analyze('بنى المهندس معهدا معهم').map((t) => t.term)).toEqual(['بني', 'مهندس', 'معهد']);
  });

  it('Modern Standard Arabic question words are stop words', () => {
    for (const w of ['متى', 'أين', 'كيف', 'كم', 'ماذا', 'لماذا', 'هل', 'من', 'ما', 'أي']) expect(stop(w), w).toBe(true);
  });

  it('Moroccan Darija question words are stop words', () => {
    for (const w of ['شحال', 'فوقاش', 'امتى', 'شكون', 'فين', 'علاش', 'كيفاش', 'واش', 'شنو', 'منين', 'وقتاش']) expect(stop(w), w).toBe(true);
  });

  it('French and English question words are stop words', () => {
    for (const w of ['quand', 'combien', 'où', 'qui', 'pourquoi', 'when', 'where', 'who', 'how', 'why', 'which']) expect(stop(w), w).toBe(true);
  });

  it('common function words of the three languages are stop words', () => {
    for (const w of ['الذي', 'التي', 'هذا', 'إلى', 'على', 'في', 'le', 'la', 'des', 'the', 'of', 'and']) expect(stop(w), w).toBe(true);
  });

  it('keeps the content words a news question is often about', () => {
    for (const w of ['سنة', 'عام', 'يوم', 'مليون', 'مليار', 'ألف', 'year', 'million', 'world', 'mois', 'million']) expect(stop(w), w).toBe(false);
  });

  it('names, places and topic words are never stop words', () => {
    for (const w of ['حموشي', 'قطر', 'المغرب', 'مونديال', 'ملعب', 'لوسيل', 'محطة', 'تحلية', 'Belmont', 'vélos']) expect(stop(w), w).toBe(false);
  });

  it('a stop word with an attached و or ف is still a stop word in the chain', () => {
    expect(isStop(normalize('وهذا'))).toBe(true);
    expect(isStop(normalize('فهي'))).toBe(true);
    expect(isStop(normalize('ومتى'))).toBe(true);
    // ... but a content word starting with و is not taken for one.
    expect(isStop(normalize('وزير'))).toBe(false);
  });

  it('the list is stored normalised (a hamza-less spelling is found)', () => {
    expect(STOP_WORDS.has(normalize('إلى'))).toBe(true);
    expect(STOP_WORDS.has('الي')).toBe(true);
    expect(STOP_WORDS.has('اين')).toBe(true);
  });

  it('a question made only of question and function words has no terms', () => {
    expect(analyze('متى وأين وكيف؟')).toEqual([]);
    expect(analyze('شنو هادا؟ فين كاين؟')).toEqual([]);
    expect(analyze('What is this? Où est-ce ?')).toEqual([]);
  });
});
