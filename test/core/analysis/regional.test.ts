import { describe, expect, it } from 'vitest';
import { regionalEquivalents } from '../../../src/analysis/regional.ts';
import { analyze } from '../../../src/analysis/analyzer.ts';
import { normalize } from '../../../src/analysis/normalize.ts';
import { stemCore } from '../../../src/analysis/stem.ts';

const key = (w: string) => stemCore(normalize(w));

describe('regional: the words another region writes for the same thing', () => {
  it('both ways, with the article and endings (الشرطة، شرطي ↔ الأمن; البلدية ↔ الجماعة; مقابلة ↔ مباراة)', () => {
    for (const w of ['الشرطة', 'شرطي', 'الشرطيين']) expect(regionalEquivalents(key(w)), w).toEqual(['أمن']);
    expect(regionalEquivalents(key('الأمن'))).toEqual(expect.arrayContaining(['شرطة']));
    expect(regionalEquivalents(key('البلدية'))).toEqual(['جماعة']);
    expect(regionalEquivalents(key('الجماعة'))).toEqual(['بلدية']);
    expect(regionalEquivalents(key('المقابلة'))).toEqual(['مباراة']);
  });

  it('a one-word name gives the phrase (المونديال → كأس العالم), which is not itself a key', () => {
    expect(regionalEquivalents(key('المونديال'))).toEqual(['كأس العالم']);
    expect(regionalEquivalents(key('كأس'))).toBeUndefined();
  });

  it('has nothing for other words, names or function words', () => {
    for (const w of ['حموشي', 'قطر', 'الذي', 'مدينة']) expect(regionalEquivalents(key(w)), w).toBeUndefined();
  });

  it('every equivalent analyses to content terms (none is only stop words)', () => {
    for (const w of ['شرطة', 'مونديال', 'بلدية', 'وزراء', 'نقال', 'بلاغ']) {
      for (const eq of regionalEquivalents(key(w)) ?? []) expect(analyze(eq).length, eq).toBeGreaterThan(0);
    }
  });
});
