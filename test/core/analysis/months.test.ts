import { describe, expect, it } from 'vitest';
import { monthOf, monthOfPair, monthTerm } from '../../../src/analysis/months.ts';
import { analyze } from '../../../src/analysis/analyzer.ts';
import { normalize } from '../../../src/analysis/normalize.ts';

const month = (w: string) => monthOf(normalize(w));
const monthTerms = (s: string) => analyze(s).filter((t) => t.kind === 'month').map((t) => t.term);

describe('month names: every calendar names one month with one term', () => {
  const table: Array<[number, string[]]> = [
    [5, ['ماي', 'مايو', 'أيار', 'ايار', 'mai', 'May']],
    [7, ['يوليوز', 'يوليو', 'تموز', 'juillet', 'July']],
    [8, ['غشت', 'أغسطس', 'اغسطس', 'août', 'aout', 'August']],
    [9, ['شتنبر', 'سبتمبر', 'أيلول', 'septembre', 'September']],
    [11, ['نونبر', 'نوفمبر', 'novembre', 'November']],
    [12, ['دجنبر', 'ديسمبر', 'décembre', 'Décembre', 'December']],
  ];
  for (const [m, names] of table) {
    it(`${names.join(' / ')} → month ${m}`, () => {
      for (const n of names) expect(month(n), n).toBe(m);
    });
  }

  it('reads the two-word Levantine names', () => {
    expect(monthOfPair(normalize('تشرين'), normalize('الثاني'))).toBe(11);
    expect(monthOfPair(normalize('تشرين'), normalize('الأول'))).toBe(10);
    expect(monthOfPair(normalize('كانون'), normalize('الأول'))).toBe(12);
    expect(monthOfPair(normalize('كانون'), normalize('الثاني'))).toBe(1);
    // Neither word alone is a month.
    expect(month('كانون')).toBeUndefined();
    expect(month('تشرين')).toBeUndefined();
  });

  it('has one term shape, month:MM', () => {
    expect(monthTerm(5)).toBe('month:05');
    expect(monthTerm(12)).toBe('month:12');
  });

  it('ordinary words are not months', () => {
    for (const w of ['قطر', 'مونديال', 'ملعب', 'الثاني', 'الأول', 'mais', 'marché']) expect(month(w), w).toBeUndefined();
  });
});

describe('months inside the analysis chain', () => {
  it('a Maghrebi date and its Eastern, Levantine, French and English forms give the same terms', () => {
    const maghrebi = analyze('من 21 نونبر إلى 18 دجنبر');
    const terms = (s: string) => analyze(s).map((t) => t.term);
    expect(terms('من 21 نوفمبر إلى 18 ديسمبر')).toEqual(maghrebi.map((t) => t.term));
    expect(terms('من ٢١ تشرين الثاني إلى ١٨ كانون الأول')).toEqual(maghrebi.map((t) => t.term));
    expect(monthTerms('du 21 novembre au 18 décembre')).toEqual(['month:11', 'month:12']);
    expect(monthTerms('from 21 November to 18 December')).toEqual(['month:11', 'month:12']);
  });

  it('a two-word month is one term covering both words', () => {
    const text = 'في كانون الأول';
    const [t] = analyze(text).filter((x) => x.kind === 'month');
    expect(t.term).toBe('month:12');
    expect(text.slice(t.start, t.end)).toBe('كانون الأول');
    // ... and "الأول" is not left over as a word of its own.
    expect(analyze(text).map((x) => x.term)).toEqual(['month:12']);
  });

  it('a month written with an attached و is still the month', () => {
    expect(monthTerms('ويوليوز')).toEqual(['month:07']);
    expect(monthTerms('ودجنبر')).toEqual(['month:12']);
  });

  it('hamza-less and tashkeel forms of a month still read as the month', () => {
    expect(monthTerms('أَغُسْطُس')).toEqual(['month:08']);
    expect(monthTerms('ايلول')).toEqual(['month:09']);
  });
});
