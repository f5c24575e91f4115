import { describe, expect, it } from 'vitest';
import { cutAtSentence, httpUrl, isolate, isolateForReader, splitText, wrapPhrases } from '../../../src/chat/format.ts';
import { markAnswer, renderPlain, sourceLine } from '../../../src/chat/plain.ts';
import { t } from '../../../src/chat/texts.ts';
import type { Match } from '../../../src/types.ts';

const PASSAGE =
  'هذا وقد وقع المغرب وقطر اتفاقية تعاون في مجال الأمن، تنص على إيفاد 6000 من رجال الأمن إلى قطر. ' +
  'بينما تركيا ستخصص 3250 أمنيا لهذا الحدث، وفرنسا خصصت بدورها 200 دركي. ' +
  'ومن المتوقع أن تستقبل قطر 1.5 مليون مشجع. ' +
  'وهذا يعني أن الأمن سيكون تحديا كبيرا طوال البطولة، من الافتتاح إلى المباراة النهائية';

describe('cutAtSentence', () => {
  it('returns the text unchanged when it fits', () => {
    expect(cutAtSentence(PASSAGE, PASSAGE.length)).toBe(PASSAGE);
    expect(cutAtSentence('قصير.', 100)).toBe('قصير.');
  });

  it('never exceeds max, for any max', () => {
    for (let max = 2; max < PASSAGE.length; max += 7) {
      const cut = cutAtSentence(PASSAGE, max);
      expect(cut.length, `max ${max}`).toBeLessThanOrEqual(max);
      expect(cut.endsWith('…'), `max ${max}`).toBe(true);
      expect(PASSAGE.startsWith(cut.slice(0, -1).trimEnd()), `max ${max}`).toBe(true);
    }
  });

  it('ends at a sentence end, with an ellipsis, when one is in reach', () => {
    const cut = cutAtSentence(PASSAGE, 180);
    expect(cut).toBe('هذا وقد وقع المغرب وقطر اتفاقية تعاون في مجال الأمن، تنص على إيفاد 6000 من رجال الأمن إلى قطر. بينما تركيا ستخصص 3250 أمنيا لهذا الحدث، وفرنسا خصصت بدورها 200 دركي.…');
  });

  it('never cuts inside the decimal 1.5 as if it were a sentence end', () => {
    // "1." stands in the second half of the room, where a cut would be accepted.
    const text = 'في العاصمة الدوحة تستقبل قطر 1.5 مليون مشجع من كل أنحاء العالم في هذه البطولة';
    const cut = cutAtSentence(text, 40);
    expect(cut).not.toMatch(/1\.?…$/);
    expect(cut).toBe('في العاصمة الدوحة تستقبل قطر 1.5 مليون…');
  });

  it('falls back to a clause end, then to a space', () => {
    const clausesOnly = 'الجزء الأول من الجملة الطويلة، والجزء الثاني منها، والجزء الثالث والأخير منها أيضا';
    const c = cutAtSentence(clausesOnly, 60);
    expect(c.endsWith('،…')).toBe(true);
    const words = 'كلمة '.repeat(30).trim();
    const w = cutAtSentence(words, 42);
    expect(w.length).toBeLessThanOrEqual(42);
    expect(w).toMatch(/كلمة…$/);
  });
});

describe('splitText', () => {
  it('splits into pieces no longer than max that together give back the text', () => {
    for (const max of [40, 80, 120]) {
      const pieces = splitText(PASSAGE, max);
      for (const p of pieces) expect(p.length).toBeLessThanOrEqual(max);
      expect(pieces.join(' ').replace(/\s+/g, ' ')).toBe(PASSAGE.replace(/\s+/g, ' '));
    }
  });
});

describe('isolate', () => {
  it('wraps text in first-strong isolates so Latin in Arabic keeps its order', () => {
    expect(isolate('Maroc Hebdo')).toBe('\u2068Maroc Hebdo\u2069');
    expect(isolate('')).toBe('\u2068\u2069');
  });
});

describe('plain rendering (console and `sanad ask`)', () => {
  const match: Match = {
    answer: 'بينما تركيا ستخصص 3250 أمنيا لهذا الحدث، وفرنسا خصصت بدورها 200 دركي.',
    highlight: { start: 18, end: 22 },
    passage: PASSAGE,
    passageId: 3,
    source: { id: 'a.md', title: 'عنوان المقال', file: 'a.md', url: 'https://example.org/a', date: '2022-06-01' },
    score: 0.8,
  };

  it('marks the answering span with the given style', () => {
    expect(markAnswer(match, (s) => `[${s}]`)).toBe('بينما تركيا ستخصص [3250] أمنيا لهذا الحدث، وفرنسا خصصت بدورها 200 دركي.');
    expect(markAnswer({ ...match, highlight: undefined }, (s) => `[${s}]`)).toBe(match.answer);
  });

  it('an answer shows the short answer, the source line with title, date and url, and the quoted passage', () => {
    const out = renderPlain({ type: 'answer', lang: 'ar', question: 'كم؟', match });
    const lines = out.split('\n');
    expect(lines[0]).toBe(match.answer);
    expect(out).toContain(`${t('ar').source}: عنوان المقال (2022-06-01) https://example.org/a`);
    expect(out).toContain(`> ${PASSAGE}`);
  });

  it('the source line is in the reply’s language and leaves out what is missing', () => {
    expect(sourceLine({ source: { id: 'x', title: 'T', file: 'x' } }, 'fr')).toBe('Source: T');
    expect(sourceLine({ source: { id: 'x', title: 'T', file: 'x', date: '2024-04-03' } }, 'en')).toBe('Source: T (2024-04-03)');
  });

  it('declines and notices are their text; silence is nothing', () => {
    expect(renderPlain({ type: 'decline', lang: 'ar', text: 'لا' })).toBe('لا');
    expect(renderPlain({ type: 'notice', lang: 'en', reason: 'expired', text: t('en').expired })).toBe(t('en').expired);
    expect(renderPlain({ type: 'silent' })).toBe('');
  });

  it('help lists the example questions; sources list the articles', () => {
    const help = renderPlain({ type: 'help', lang: 'ar', text: t('ar').help, examples: ['س1؟', 'س2؟'] });
    expect(help).toContain(t('ar').examplesIntro);
    expect(help).toContain('• س1؟');
    const sources = renderPlain({
      type: 'sources',
      lang: 'ar',
      title: t('ar').sourcesTitle,
      articles: [{ id: 'a.md', title: 'عنوان', file: 'a.md', passages: 3, date: '2022-06-01' }],
    });
    expect(sources.split('\n')).toEqual([t('ar').sourcesTitle, '  • عنوان (2022-06-01)']);
  });
});

describe('direction and links, shared by the adapters', () => {
  it('isolates text of the other direction, and numbers in Arabic', () => {
    expect(isolateForReader('Maroc Hebdo', 'ar')).toBe('\u2068Maroc Hebdo\u2069');
    expect(isolateForReader('2022-05-24', 'ar')).toBe('\u20682022-05-24\u2069');
    expect(isolateForReader('ماروك إيبدو', 'ar')).toBe('ماروك إيبدو');
    expect(isolateForReader('ماروك إيبدو', 'fr')).toBe('\u2068ماروك إيبدو\u2069');
    expect(isolateForReader('Maroc Hebdo', 'en')).toBe('Maroc Hebdo');
  });

  it('wraps every named phrase once, without overlaps', () => {
    const text = 'They cover: كأس العالم؛ كأس العالم في قطر.';
    expect(wrapPhrases(text, ['كأس العالم في قطر', 'كأس العالم'], (p) => `[${p}]`)).toBe('They cover: [كأس العالم]؛ [كأس العالم في قطر].');
    expect(wrapPhrases(text, ['absent', ''], (p) => `[${p}]`)).toBe(text);
  });

  it('accepts only http(s) links with a host', () => {
    expect(httpUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(httpUrl('javascript:alert(1)')).toBeUndefined();
    expect(httpUrl('ftp://example.com')).toBeUndefined();
    expect(httpUrl('not a url')).toBeUndefined();
    expect(httpUrl(undefined)).toBeUndefined();
  });
});
