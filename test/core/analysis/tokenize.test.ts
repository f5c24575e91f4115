import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../src/analysis/tokenize.ts';
import { normalize } from '../../../src/analysis/normalize.ts';

const texts = (s: string) => tokenize(s).map((t) => t.text);

describe('tokenize', () => {
  it('offsets point into the original string, whatever it holds (tashkeel, tatweel, hamzas, digits)', () => {
    const original = '\u200Fاسْتُقْبِلَ حمـوشي يوم ٢٤ ماي ٢٠٢٢، «إيفاد» 6,000 من رجاله؛ و١٫٥ مليون مشجع؟';
    const tokens = tokenize(original);
    expect(tokens.length).toBeGreaterThan(8);
    for (const t of tokens) {
      const slice = original.slice(t.start, t.end);
      expect(t.end).toBeGreaterThan(t.start);
      if (t.kind === 'word') expect(normalize(slice)).toBe(t.text);
      else expect(normalize(slice).replace(/,/g, '')).toBe(t.text);
    }
    // Tokens come in order and never overlap.
    for (let i = 1; i < tokens.length; i++) expect(tokens[i].start).toBeGreaterThanOrEqual(tokens[i - 1].end);
  });

  it('normalises each word (no hamza, no tashkeel, no tatweel)', () => {
    expect(texts('مَتَى اسْتُقْبِلَ حمـوشي؟')).toEqual(['متي', 'استقبل', 'حموشي']);
  });

  it('reads numbers with decimals, in any digits, as one number token', () => {
    const tokens = tokenize('تستقبل قطر 1.5 مليون و١٫٥ مليون و2,4 مليار');
    const numbers = tokens.filter((t) => t.kind === 'number').map((t) => t.text);
    expect(numbers).toEqual(['1.5', '1.5', '2.4']);
  });

  it('reads thousands separators as part of the number', () => {
    const numbers = (s: string) => tokenize(s).filter((t) => t.kind === 'number').map((t) => t.text);
    expect(numbers('إيفاد 6,000 رجل')).toEqual(['6000']);
    expect(numbers('كلفة 1,234,567 درهم')).toEqual(['1234567']);
    expect(numbers('٦٬٠٠٠ رجل')).toEqual(['6000']);
    // The same number written three ways is one token text.
    expect(numbers('6000')).toEqual(numbers('٦٠٠٠'));
  });

  it('a number ending a sentence or a clause does not swallow the punctuation', () => {
    expect(texts('سنة 2022، عمل الجهاز. ثم 2023؛ و2024.')).toEqual(['سنه', '2022', 'عمل', 'الجهاز', 'ثم', '2023', 'و', '2024']);
  });

  it('Arabic punctuation ، ؛ ؟ « » ” “ separates words even without spaces', () => {
    expect(texts('قطر،المغرب؛فرنسا؟تركيا')).toEqual(['قطر', 'المغرب', 'فرنسا', 'تركيا']);
    expect(texts('«رجال حموشي»')).toEqual(['رجال', 'حموشي']);
    expect(texts('مجلة ”ماروك إيبدو”: “ميليبول”')).toEqual(['مجله', 'ماروك', 'ايبدو', 'ميليبول']);
  });

  it('marks numbers and words apart', () => {
    const kinds = tokenize('زار 24 ملعبا').map((t) => t.kind);
    expect(kinds).toEqual(['word', 'number', 'word']);
  });

  it('gives nothing for empty, space-only or punctuation-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('   \n\t')).toEqual([]);
    expect(tokenize('؟؟ ... !! ، ؛ « »')).toEqual([]);
  });

  it('handles Latin text too, lower-cased without accents', () => {
    expect(texts('Quand le réseau Belvélo a-t-il été inauguré ?')).toEqual(['quand', 'le', 'reseau', 'belvelo', 'a', 't', 'il', 'ete', 'inaugure']);
  });
});
