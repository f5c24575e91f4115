import { describe, expect, it } from 'vitest';
import { normalize, normalizeChar } from '../../../src/analysis/normalize.ts';

describe('normalize: one spelling for the many ways a word is typed', () => {
  it('folds every alef with a hamza or madda, and alef wasla, to a bare alef', () => {
    expect(normalize('أمن')).toBe('امن');
    expect(normalize('إيفاد')).toBe('ايفاد');
    expect(normalize('آمان')).toBe('امان');
    expect(normalize('ٱلْأَمْن')).toBe('الامن');
    // A question typed without any hamza meets the article's careful spelling.
    expect(normalize('الأمير إلى آل ثاني')).toBe(normalize('الامير الى ال ثاني'));
  });

  it('folds the hamza seats ؤ → و and ئ → ي', () => {
    expect(normalize('المسؤولين')).toBe('المسوولين');
    expect(normalize('رئيس')).toBe('رييس');
    expect(normalize('مؤتمر')).toBe(normalize('موتمر'));
  });

  it('folds alef maqsura to yaa and taa marbuta to haa', () => {
    expect(normalize('إلى')).toBe(normalize('الي'));
    expect(normalize('حموشى')).toBe(normalize('حموشي'));
    expect(normalize('مدينة')).toBe('مدينه');
    expect(normalize('المحطة')).toBe(normalize('المحطه'));
  });

  it('removes tashkeel (fatha, damma, kasra, sukun, shadda, tanween, dagger alef)', () => {
    expect(normalize('مَتَى')).toBe('متي');
    expect(normalize('عَبْدُ اللَّطِيفِ حَمُّوشِي')).toBe('عبد اللطيف حموشي');
    expect(normalize('عاملًا ومباراةٌ وكتابٍ')).toBe('عاملا ومباراه وكتاب');
    expect(normalize('هٰذا')).toBe('هذا');
  });

  it('removes tatweel', () => {
    expect(normalize('مـــونديـال قطــر')).toBe('مونديال قطر');
  });

  it('reads Arabic-Indic and Persian digits as ASCII digits', () => {
    expect(normalize('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
    expect(normalize('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
    expect(normalize('يوم ٢٤ ماي ٢٠٢٢')).toBe('يوم 24 ماي 2022');
    expect(normalize('سنة ۲۰۲۲')).toBe('سنه 2022');
  });

  it('reads the Arabic decimal separator as a point and drops the Arabic thousands separator', () => {
    expect(normalize('١٫٥ مليون')).toBe('1.5 مليون');
    expect(normalize('٦٬٠٠٠')).toBe('6000');
  });

  it('removes bidi controls, zero-width characters and the BOM', () => {
    expect(normalize('\u200Fمتى\u200E ستقام\u061C كأس\u202Bالعالم\u202C؟\u2067\u2069')).toBe(normalize('متى ستقام كأسالعالم؟'));
    expect(normalize('\uFEFFحموشي\u200B')).toBe('حموشي');
  });

  it('turns Arabic punctuation into its Latin counterpart', () => {
    expect(normalize('قطر، المغرب؛ متى؟')).toBe('قطر, المغرب; متي?');
  });

  it('folds Latin accents and case, so French month names and words meet', () => {
    expect(normalize('Décembre')).toBe('decembre');
    expect(normalize('AOÛT')).toBe('aout');
    expect(normalize('Belvélo à Belmont')).toBe('belvelo a belmont');
    expect(normalize('ÇA')).toBe('ca');
  });

  it('reads Arabic presentation forms (text copied from PDFs) as plain letters', () => {
    // ﺣﻤﻮﺷﻲ is حموشي in isolated/initial/medial/final presentation forms.
    expect(normalize('ﺣﻤﻮﺷﻲ')).toBe('حموشي');
  });

  it('never makes a text longer, character by character (so offsets stay valid)', () => {
    for (const ch of 'أإآٱؤئىةَُِّْـ٠٩۰۹٫٬\u200F،؛؟Éaب') {
      expect(normalizeChar(ch.normalize('NFKC')).length).toBeLessThanOrEqual(1);
    }
  });

  it('leaves plain Arabic and ASCII text unchanged, and is idempotent', () => {
    const plain = 'حيث من المتوقع ان تستقبل قطر 1.5 مليون من الجمهور';
    expect(normalize(plain)).toBe(plain);
    const messy = 'إِيفَادُ ٦٠٠٠ مِنْ «رِجَالِ حَمُّوشِي» إلى قطر — Décembre';
    expect(normalize(normalize(messy))).toBe(normalize(messy));
  });

  it('reads a word the same the first time and every time after (letters already met are skipped when nothing changes)', () => {
    // Each text holds letters met just before, then one that changes, or that NFKC composes with them:
    // a combining hamza after a plain alef (ا + ٔ is أ), a lam-alef ligature, a circled digit.
    const cases: Array<[string, string]> = [
      ['سال', 'سال'],
      ['سا\u0654ل', 'سال'],
      ['ﻻ سال', 'لا سال'],
      ['سال ①', 'سال 1'],
      ['مدرسة', 'مدرسه'],
      ['سالم', 'سالم'],
    ];
    for (let round = 0; round < 2; round++) for (const [text, read] of cases) expect(normalize(text)).toBe(read);
  });
});
