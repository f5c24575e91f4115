import { describe, expect, it } from 'vitest';
import { analyze, readText, termsOf } from '../../../src/analysis/analyzer.ts';
import { tokenize } from '../../../src/analysis/tokenize.ts';
import { skeleton } from '../../../src/analysis/stem.ts';
import { detectLanguage } from '../../../src/analysis/language.ts';

const terms = (s: string, lexicon?: Set<string>) => analyze(s, lexicon).map((t) => t.term);

describe('the composed analyzer: one chain for passages and questions', () => {
  it('a phrase with hamzas and a question without them give the same terms', () => {
    expect(terms('إيفاد رجال الأمن إلى قطر')).toEqual(terms('ايفاد رجال الامن الي قطر'));
    expect(terms('المسؤولين القطريين')).toEqual(terms('المسوولين القطريين'));
  });

  it('tashkeel and tatweel in the question change nothing', () => {
    expect(terms('مَتَى اسْتُقْبِلَ عَبْدُ اللَّطِيفِ حَمُّوشِي؟')).toEqual(terms('متى استقبل عبد اللطيف حموشي'));
    expect(terms('مـونـديـال قطـر')).toEqual(terms('مونديال قطر'));
  });

  it('Arabic-Indic digits, the Arabic decimal separator and Western digits give the same terms', () => {
    expect(terms('يوم ٢٤ ماي ٢٠٢٢')).toEqual(terms('يوم 24 ماي 2022'));
    expect(terms('١٫٥ مليون مشجع')).toEqual(terms('1.5 مليون مشجع'));
    expect(terms('إيفاد ٦٬٠٠٠ رجل')).toEqual(terms('إيفاد 6000 رجل'));
  });

  it('a Maghrebi date in the text and an Eastern date in the question meet', () => {
    expect(terms('يوم 24 ماي 2022')).toEqual(terms('يوم ٢٤ مايو ٢٠٢٢'));
    expect(terms('في يوليوز 2020')).toEqual(terms('في تموز 2020'));
  });

  it('ta marbuta/haa and alef maqsura/yaa spellings meet', () => {
    expect(terms('المحطة الجديدة')).toEqual(terms('المحطه الجديده'));
    expect(terms('مستشفى')).toEqual(terms('مستشفي'));
  });

  it('question words (MSA and Darija) leave no term behind, content words stay', () => {
    expect(terms('كم عدد رجال الأمن؟')).toEqual(terms('شحال عدد رجال الامن'));
    expect(terms('متى ستقام كأس العالم؟')).toEqual(terms('فوقاش ستقام كاس العالم'));
    expect(terms('أين يقع ملعب لوسيل؟')).toEqual(terms('فين يقع ملعب لوسيل'));
  });

  it('every term keeps its place in the text, so answers can be marked there', () => {
    const text = 'استقبل حموشي يوم ٢٤ ماي ٢٠٢٢ بالدوحة';
    for (const t of analyze(text)) {
      expect(t.start).toBeGreaterThanOrEqual(0);
      expect(t.end).toBeLessThanOrEqual(text.length);
      expect(text.slice(t.start, t.end).length).toBeGreaterThan(0);
    }
    const date = analyze(text).filter((t) => t.kind !== 'word');
    expect(date.map((t) => text.slice(t.start, t.end))).toEqual(['٢٤', 'ماي', '٢٠٢٢']);
  });

  it('uses the lexicon for proclitics: الوزير and وزير meet when the knowledge says وزير', () => {
    const lexicon = new Set(['وزير', 'داخليه']);
    expect(terms('وزير الداخلية', lexicon)).toEqual(terms('الوزير الداخلية', lexicon));
  });

  // مسؤول (Maghrebi/Levantine spelling) and مسئول (Egyptian/Gulf spelling) meet.
  it('the hamza-seat spellings مسؤول and مسئول give the same term', () => {
    expect(terms('المسئولين')).toEqual(terms('المسؤولين'));
  });
});

describe('language of a question', () => {
  it('Arabic script, MSA or Darija, is Arabic', () => {
    expect(detectLanguage('متى ستقام كأس العالم؟')).toBe('ar');
    expect(detectLanguage('شكون هو حموشي؟')).toBe('ar');
    expect(detectLanguage('شحال من بوليسي مشا لقطر 2022')).toBe('ar');
  });
  it('French and English are told apart', () => {
    expect(detectLanguage('Quand le réseau a-t-il été inauguré ?')).toBe('fr');
    expect(detectLanguage('Combien de vélos compte le réseau ?')).toBe('fr');
    expect(detectLanguage('When was the network opened?')).toBe('en');
    expect(detectLanguage('How many bikes are there?')).toBe('en');
  });
  it('undecidable text falls back to the caller’s guess', () => {
    expect(detectLanguage('2022 ?', 'fr')).toBe('fr');
    expect(detectLanguage('', 'en')).toBe('en');
  });
});

describe('reading a whole text at question time', () => {
  it('readText gives the tokens and terms tokenize and termsOf give, with each term’s root-like key', () => {
    const lexicon = new Set(['مدين', 'وزير', 'استقبال']);
    for (const text of [
      'واستقبل الوزير الوفد يوم ٢٤ ماي 2022 في المدينة، ثم غادر في 5 تشرين الثاني 2023.',
      'وصل 1,500 زائر إلى المعرض؛ وقال المنظمون إن العدد بلغ 6,000 في كانون الأول!',
      'Le ministre est arrivé le 2 avril 2024 à Tanger. ومن هو؟ شنو وقع؟',
      // A tatweel and a fatha standing alone: tokens of which nothing is left once normalised.
      'قال ـ ثم َ غادر',
      '',
    ]) {
      const read = readText(text, lexicon);
      // Twice: the second reading comes from what the first remembered.
      for (const again of [read, readText(text, lexicon)]) {
        expect(again.tokens).toEqual(tokenize(text));
        expect(again.terms).toEqual(termsOf(tokenize(text), lexicon));
        expect(again.keys).toEqual(again.terms.map((t) => (t.kind === 'word' ? skeleton(t.term) : t.term)));
      }
    }
  });
});
