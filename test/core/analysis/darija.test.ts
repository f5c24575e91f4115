import { describe, expect, it } from 'vitest';
import { darijaEquivalents } from '../../../src/analysis/darija.ts';
import { analyze } from '../../../src/analysis/analyzer.ts';
import { normalize } from '../../../src/analysis/normalize.ts';
import { stemCore } from '../../../src/analysis/stem.ts';

const key = (w: string) => stemCore(normalize(w));

describe('darija: MSA words for Darija content words', () => {
  it('finds a word with or without its article and clitics (البوليس، بوليسي، للبوليس، فالماتش)', () => {
    for (const w of ['بوليس', 'البوليس', 'للبوليس']) expect(darijaEquivalents(key(w)), w).toContain('شرطة');
    expect(darijaEquivalents(key('فالماتش'))).toEqual(['مباراة']);
    expect(darijaEquivalents(key('الطوموبيل'))).toEqual(['سيارة']);
  });

  it('has nothing for MSA words, names or function words', () => {
    for (const w of ['الشرطة', 'مباراة', 'حموشي', 'قطر', 'ديال', 'شكون']) expect(darijaEquivalents(key(w)), w).toBeUndefined();
  });

  it('every MSA equivalent analyses to a content term (none is a stop word)', () => {
    for (const w of ['بوليس', 'ماتش', 'خدام', 'سيمانة', 'صيفط', 'مزيان']) {
      for (const msa of darijaEquivalents(key(w)) ?? []) expect(analyze(msa).length, msa).toBeGreaterThan(0);
    }
  });
});
