import { describe, expect, it } from 'vitest';
import { hollowKey, pastTaaForms, stem, stemCore, stemCandidates, skeleton, swappedProcliticForms } from '../../../src/analysis/stem.ts';
import { normalize } from '../../../src/analysis/normalize.ts';

const core = (w: string) => stemCore(normalize(w));
const st = (w: string, lexicon?: Iterable<string>) => stem(normalize(w), lexicon ? new Set(lexicon) : undefined);

describe('light stemming', () => {
  it('a word with the accusative tanween (أهدافاً، رقماً) meets the word without it', () => {
    expect(core('أهدافاً')).toBe(core('الأهداف'));
    expect(core('رقماً')).toBe(core('رقم'));
    // A word in اة meets its plural in يات.
    expect(core('مباراة')).toBe(core('المباريات'));
    // The plural ending of a verb in the past goes too (أطلقوا meets أطلق), unless too little would be left.
    expect(core('أطلقوا')).toBe(core('أطلق'));
    expect(core('عضواً')).toBe(core('عضو'));
    // Short words keep their alef: دعا is a verb, not دع + tanween.
    expect(core('دعا')).toBe('دعا');
  });

  it('المسؤولين، مسؤولون، المسؤول and مسؤول meet', () => {
    const s = core('مسؤول');
    expect(core('المسؤولين')).toBe(s);
    expect(core('مسؤولون')).toBe(s);
    expect(core('المسؤول')).toBe(s);
  });

  // A sound plural ending never follows an alef: in تعاون، تباين the ون / ين are the root's.
  it('تعاون، التعاون and تعاونية meet, and keep their ون (تباين its ين); مسؤولون and لاعبين still lose theirs', () => {
    expect(core('تعاون')).toBe('تعاون');
    expect(core('التعاون')).toBe('تعاون');
    expect(core('تعاونية')).toBe('تعاون');
    expect(core('تباين')).toBe('تباين');
    expect(core('مسؤولون')).toBe(core('مسؤول'));
    expect(core('لاعبين')).toBe(core('لاعب'));
  });

  it('القطريين and قطر meet', () => {
    expect(core('القطريين')).toBe(core('قطر'));
    expect(core('القطري')).toBe(core('قطر'));
  });

  it('removes the article with the clitics that precede it', () => {
    const s = core('مدينة');
    for (const w of ['المدينة', 'بالمدينة', 'والمدينة', 'وبالمدينة', 'للمدينة', 'فالمدينة', 'كالمدينة']) expect(core(w), w).toBe(s);
  });

  it('removes plural, dual and pronoun suffixes', () => {
    expect(core('المشجعين')).toBe(core('مشجع'));
    expect(core('الاتفاقيات')).toBe(core('اتفاقية'));
    expect(core('زيارته')).toBe(core('زيارة'));
    expect(core('خبرته')).toBe(core('خبرة'));
    expect(core('سكانها')).toBe(core('سكان'));
  });

  it('does not cut a short word down to nothing', () => {
    expect(core('مكان')).toBe('مكان');
    expect(core('قطر')).toBe('قطر');
    expect(core('أمن')).toBe('امن');
    for (const w of ['ماي', 'يوم', 'بلد', 'هو']) expect(core(w).length, w).toBeGreaterThanOrEqual(2);
  });

  it('leaves Latin words and numbers alone', () => {
    expect(stemCore('belvelo')).toBe('belvelo');
    expect(stemCore('2022')).toBe('2022');
  });
});

describe('proclitics (و ف ب ل ك) are removed only when the lexicon knows the rest', () => {
  it('وزير stays وزير, and meets الوزير', () => {
    const lexicon = ['وزير', 'داخليه'];
    expect(st('وزير', lexicon)).toBe('وزير');
    expect(st('الوزير', lexicon)).toBe('وزير');
    expect(st('والوزير', lexicon)).toBe('وزير');
    // Without a lexicon nothing is guessed: the و of وزير is kept.
    expect(st('وزير')).toBe('وزير');
  });

  it('a real proclitic goes when the word without it is known', () => {
    expect(st('بمدينة', ['مدين'])).toBe(st('مدينة', ['مدين']));
    expect(st('وقطر', ['قطر'])).toBe('قطر');
    expect(st('لقطر', ['قطر'])).toBe('قطر');
    expect(st('فوزير', ['وزير'])).toBe('وزير');
  });

  it('a word whose proclitic came with the article (للمشطيات = ل + ال + مشطيات) loses both, whatever else is known', () => {
    expect(st('للمشطيات', ['لمشط', 'مشط'])).toBe('مشط');
    expect(st('للمشطيات', ['لمشط', 'مشط'])).toBe(st('المشطيات', ['لمشط', 'مشط']));
    expect(stemCandidates(normalize('بالمدينة'))).toEqual([core('المدينة')]);
  });

  it('the letter stays when the rest is not a known stem', () => {
    // بلد is not ب + لد, كتاب is not ك + تاب, فرنسا is not ف + رنسا.
    expect(st('بلد', ['بلد'])).toBe('بلد');
    expect(st('كتاب', ['كتاب'])).toBe('كتاب');
    expect(st('فرنسا', [core('فرنسا')])).toBe(core('فرنسا'));
    expect(st('بمدينة', [])).toBe(core('بمدينة'));
  });

  it('stemCandidates offers the word without its proclitic first, then as written', () => {
    expect(stemCandidates(normalize('وقطر'))).toEqual(['قطر', 'وقطر']);
    expect(stemCandidates(normalize('المدينة'))).toEqual([core('مدينة')]);
  });
});

describe('skeleton: a coarser key for recall', () => {
  it('brings derived forms of one root together', () => {
    expect(skeleton('اكتشاف')).toBe(skeleton('اكتشف'));
  });
  it('leaves short stems and numbers unchanged', () => {
    expect(skeleton('قطر')).toBe('قطر');
    expect(skeleton('2022')).toBe('2022');
  });
});

describe('swappedProcliticForms: another proclitic in place of the one written', () => {
  it('offers بباريس for the Darija فباريس (ف for في), and nothing for a word without one', () => {
    expect(swappedProcliticForms('فباريس')).toContain('بباريس');
    expect(swappedProcliticForms('فباريس')).not.toContain('فباريس');
    expect(swappedProcliticForms('قطر')).toEqual([]);
    expect(swappedProcliticForms('2022')).toEqual([]);
  });
});

describe('pastTaaForms: the feminine past of a verb the question asks in the masculine', () => {
  it('offers تطورت for تطور and اختارت for اختار, when nothing was cut from the word’s end', () => {
    expect(pastTaaForms('تطور', 'تطور')).toEqual(['تطورت']);
    expect(pastTaaForms('اختار', 'واختار')).toEqual(['اختارت']);
  });
  it('nothing for a noun that lost its taa marbuta or a suffix, a stem ending in ت, a short stem or a number', () => {
    expect(pastTaaForms('حافظ', 'الحافظه')).toEqual([]);
    expect(pastTaaForms('مثبت', 'مثبت')).toEqual([]);
    expect(pastTaaForms('قد', 'قد')).toEqual([]);
    expect(pastTaaForms('2022', '2022')).toEqual([]);
  });
});

describe('hollowKey: the two other letters of a hollow root', () => {
  it('brings a hollow root’s past verb, verbal noun and present tense together (زار، زيارة، يزور)', () => {
    const key = (w: string) => hollowKey(stemCore(normalize(w)));
    for (const [verb, ...forms] of [['زار', 'زيارته', 'يزور'], ['قام', 'القيام', 'يقوم'], ['باع', 'البيع', 'تبيع'], ['قال', 'قول', 'يقول']]) {
      expect(key(verb), verb).toMatch(/^.~.$/);
      for (const f of forms) expect(key(f), `${verb} ~ ${f}`).toBe(key(verb));
    }
    // Not a word whose و or ي is a root letter, nor a word of three other letters; never a stem or a skeleton.
    expect(key('وزير')).toBeUndefined();
    expect(key('يوم')).toBeUndefined();
    expect(key('قطر')).toBeUndefined();
    expect(key('زار')).not.toBe(key('قام'));
    expect(key('زار')).not.toBe('زر');
    expect(key('زار')).not.toBe(skeleton('زار'));
  });
});

describe('a taa marbuta written ت before a suffix', () => {
  it('a dual meets its singular (مدينتين، معاهدتان → مدينة، معاهدة)', () => {
    expect(stemCore(normalize('المدينتين'))).toBe(stemCore(normalize('المدينة')));
    expect(stemCore(normalize('معاهدتان'))).toBe(stemCore(normalize('معاهدة')));
    expect(stemCore(normalize('الأمريكيتين'))).toBe(stemCore(normalize('الأمريكية')));
  });
  it('a possessive meets its noun (خبرتها → خبرة)', () => {
    expect(stemCore(normalize('خبرتها'))).toBe(stemCore(normalize('خبرة')));
  });
});
