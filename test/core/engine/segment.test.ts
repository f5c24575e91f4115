import { describe, expect, it } from 'vitest';
import { chunk, clauses, sentences } from '../../../src/engine/segment.ts';
import type { Span } from '../../../src/types.ts';
import { isWhiteSpace, scan } from '../../../src/analysis/tokenize.ts';

const texts = (t: string, spans: Span[]) => spans.map((s) => t.slice(s.start, s.end));

describe('sentences', () => {
  it('end at . ! ? ؟ … and keep their punctuation', () => {
    const t = 'زار حموشي الدوحة. هل زار الملعب؟ نعم! ثم عاد…  وانتهى';
    expect(texts(t, sentences(t))).toEqual(['زار حموشي الدوحة.', 'هل زار الملعب؟', 'نعم!', 'ثم عاد…', 'وانتهى']);
  });

  it('never cut a decimal number or a thousands separator', () => {
    const t = 'تستقبل قطر 1.5 مليون مشجع و6,000 رجل أمن. وكلف المشروع ٢٫٤ مليار درهم.';
    expect(texts(t, sentences(t))).toEqual(['تستقبل قطر 1.5 مليون مشجع و6,000 رجل أمن.', 'وكلف المشروع ٢٫٤ مليار درهم.']);
  });

  it('the point after an initial does not end a sentence (م. ثيو كيرني، J. Smith)', () => {
    const t = 'سميت الجادة باسم المليونير م. ثيو كيرني. وأسسها J. Smith سنة 1900. وانتهى.';
    expect(texts(t, sentences(t))).toEqual(['سميت الجادة باسم المليونير م. ثيو كيرني.', 'وأسسها J. Smith سنة 1900.', 'وانتهى.']);
    // … and the index counts the same sentences.
    const numbers: number[] = [];
    scan(t, (_s, _e, _n, sentence) => numbers.push(sentence));
    expect(Math.max(...numbers)).toBe(2);
  });

  it('a Latin initial spelled in Arabic letters does not end a sentence (جون إف. كينيدي)', () => {
    const t = 'زار الرئيس جون إف. كينيدي برلين، وكتب جورج دبليو. بوش مذكراته. ثم عاد.';
    expect(texts(t, sentences(t))).toEqual(['زار الرئيس جون إف. كينيدي برلين، وكتب جورج دبليو. بوش مذكراته.', 'ثم عاد.']);
    const numbers: number[] = [];
    scan(t, (_s, _e, _n, sentence) => numbers.push(sentence));
    expect(Math.max(...numbers)).toBe(1);
  });

  it('a word that is also a letter name still ends a sentence before a line break or the end', () => {
    const t = 'اختار الفريق القميص الأزرق أو البني.\nوفاز بالمباراة في.';
    expect(texts(t, sentences(t))).toEqual(['اختار الفريق القميص الأزرق أو البني.', 'وفاز بالمباراة في.']);
    // A longer word ending in a letter name (موسي) is not an initial.
    const u = 'غنى الفنان موسي. ثم صفق الجمهور.';
    expect(texts(u, sentences(u))).toEqual(['غنى الفنان موسي.', 'ثم صفق الجمهور.']);
  });


  it('a point with no space before the next Arabic word still ends a sentence (a lost space)', () => {
    const t = 'صممت الشركة البروتوكول.لكنه صار مفتوحا (سنة 1982).وانتشر في العالم. ثم توقف.';
    expect(texts(t, sentences(t))).toEqual(['صممت الشركة البروتوكول.', 'لكنه صار مفتوحا (سنة 1982).', 'وانتشر في العالم.', 'ثم توقف.']);
    const numbers: number[] = [];
    scan(t, (_s, _e, _n, sentence) => numbers.push(sentence));
    expect(Math.max(...numbers)).toBe(3);
    // Not after a one-letter abbreviation (ق.م), nor inside a number, an address or Latin text.
    const u = 'بني المعبد سنة 500 ق.م وكلف 1.5 مليون. راجع www.example.com أو e.g.this';
    expect(texts(u, sentences(u))).toEqual(['بني المعبد سنة 500 ق.م وكلف 1.5 مليون.', 'راجع www.example.com أو e.g.this']);
    const more: number[] = [];
    scan(u, (_s, _e, _n, sentence) => more.push(sentence));
    expect(Math.max(...more)).toBe(1);
  });
  it('a line break ends a sentence', () => {
    const t = 'سطر أول\nسطر ثان';
    expect(texts(t, sentences(t))).toEqual(['سطر أول', 'سطر ثان']);
  });

  it('a closing quote stays with its sentence', () => {
    const t = 'قال: «انتهى الأمر.» ثم غادر.';
    expect(texts(t, sentences(t))).toEqual(['قال: «انتهى الأمر.»', 'ثم غادر.']);
  });

  it('the index counts a sentence end before any white space the segmenter sees (U+202F, U+2028)', () => {
    for (const space of ['\u202f', '\u2028', '\u000b']) {
      const t = `Fin du match.${space}Puis la fête.`;
      expect(texts(t, sentences(t))).toEqual(['Fin du match.', 'Puis la fête.']);
      const numbers: number[] = [];
      scan(t, (_s, _e, _n, sentence) => numbers.push(sentence));
      expect(Math.max(...numbers), JSON.stringify(space)).toBe(1);
    }
  });

  it('trims what the regex \\s calls white space, and nothing else', () => {
    for (let code = 0; code < 0x10000; code++) expect(isWhiteSpace(code), code.toString(16)).toBe(/\s/.test(String.fromCharCode(code)));
  });

  it('spans are trimmed and point into the text', () => {
    const t = '  جملة أولى.   جملة ثانية.  ';
    for (const s of sentences(t)) {
      expect(t[s.start]).not.toMatch(/\s/);
      expect(t[s.end - 1]).not.toMatch(/\s/);
    }
    expect(sentences('')).toEqual([]);
    expect(sentences('   ')).toEqual([]);
  });
});

describe('clauses', () => {
  it('also end at ، ؛ , ; :', () => {
    const t = 'وقعت الاتفاقية، وتنص على إيفاد الرجال؛ بينما خصصت فرنسا دركيين: 200 دركي.';
    expect(texts(t, clauses(t))).toEqual(['وقعت الاتفاقية،', 'وتنص على إيفاد الرجال؛', 'بينما خصصت فرنسا دركيين:', '200 دركي.']);
  });

  it('never cut inside a number (1.5, 6,000, 2,4)', () => {
    const t = 'استقبلت 1.5 مليون مشجع، و6,000 رجل، وكلفة 2,4 مليار.';
    expect(texts(t, clauses(t))).toEqual(['استقبلت 1.5 مليون مشجع،', 'و6,000 رجل،', 'وكلفة 2,4 مليار.']);
  });
});

describe('chunk', () => {
  const para =
    'الجملة الأولى قصيرة. ' +
    'والجملة الثانية أطول قليلا، وفيها فاصلة، وفاصلة أخرى. ' +
    'ثم جملة ثالثة عن 1.5 مليون مشجع. ' +
    'وجملة رابعة طويلة جدا بلا نقطة لكنها مليئة بالفواصل، والفواصل، والمزيد من الفواصل، والمزيد، والمزيد، والمزيد حتى النهاية.';

  it('groups sentences into pieces no longer than max, covering the text in order', () => {
    for (const [target, max] of [[60, 90], [100, 140], [40, 60]] as const) {
      const pieces = chunk(para, sentences(para), target, max);
      for (const p of pieces) expect(p.end - p.start).toBeLessThanOrEqual(max);
      for (let i = 1; i < pieces.length; i++) expect(pieces[i].start).toBeGreaterThanOrEqual(pieces[i - 1].end);
      // Nothing but spaces is lost between pieces.
      const joined = pieces.map((p) => para.slice(p.start, p.end)).join(' ');
      expect(joined.replace(/\s+/g, '')).toBe(para.replace(/\s+/g, ''));
    }
  });

  it('cuts a sentence longer than max at its clauses, never inside 1.5', () => {
    const pieces = texts(para, chunk(para, sentences(para), 40, 60));
    expect(pieces.some((p) => p.includes('1.5'))).toBe(true);
    for (const p of pieces) {
      expect(p).not.toMatch(/^\.?5\b/);
      expect(p).not.toMatch(/\b1\.$/);
    }
  });

  it('a text that fits is one piece', () => {
    const t = 'جملة. وأخرى.';
    expect(texts(t, chunk(t, sentences(t), 450, 700))).toEqual([t]);
  });
});
