import { describe, expect, it } from 'vitest';
import { TypoMatcher } from '../../../src/engine/typos.ts';

const vocabulary = ['مونديال', 'حموش', 'ملعب', 'لوسيل', 'تيغالين', 'تحلي', 'محط', 'ايفاد', 'month:05', 'مغرب', 'مغارب', 'belvelo'];

describe('typo matcher (fuse.js over the index vocabulary)', () => {
  const typos = new TypoMatcher(vocabulary);

  it('maps a word with a dropped letter to the vocabulary word', () => {
    expect(typos.correct('مونديل')?.term).toBe('مونديال');
    expect(typos.correct('تيغالن')?.term).toBe('تيغالين');
  });

  it('maps a word with one wrong letter', () => {
    expect(typos.correct('لوسيك')?.term).toBe('لوسيل');
    expect(typos.correct('تيغالبن')?.term).toBe('تيغالين');
  });

  it('a wrong first letter is still found through the last one', () => {
    expect(typos.correct('نونديال')?.term).toBe('مونديال');
  });

  it('maps a word with an extra letter', () => {
    expect(typos.correct('مونديبال')?.term).toBe('مونديال');
  });

  it('gives a score between 0 (perfect) and the threshold', () => {
    const c = typos.correct('مونديل');
    expect(c).toBeDefined();
    expect(c!.score).toBeGreaterThanOrEqual(0);
    expect(c!.score).toBeLessThanOrEqual(0.3);
  });

  it('does not "correct" a word the vocabulary already has', () => {
    expect(typos.correct('مونديال')).toBeUndefined();
    expect(typos.correct('لوسيل')).toBeUndefined();
  });

  it('leaves alone a word that is nothing like the vocabulary', () => {
    expect(typos.correct('كسكس')).toBeUndefined();
    expect(typos.correct('الكواكب')).toBeUndefined();
    expect(typos.correct('recette')).toBeUndefined();
  });

  it('never corrects very short words (too many neighbours)', () => {
    expect(typos.correct('محك')).toBeUndefined();
    expect(typos.correct('مل')).toBeUndefined();
  });

  it('never offers a month term as a correction', () => {
    expect(typos.correct('month:5')).toBeUndefined();
    expect(typos.correct('monthy05')?.term).not.toBe('month:05');
  });

  it('gives the same answer when asked again', () => {
    const a = typos.correct('مونديل');
    const b = typos.correct('مونديل');
    expect(b).toEqual(a);
  });

  it('a stricter threshold corrects less', () => {
    const strict = new TypoMatcher(vocabulary, { threshold: 0.01 });
    expect(strict.correct('لوسيك')).toBeUndefined();
  });

  it('an empty vocabulary corrects nothing', () => {
    expect(new TypoMatcher([]).correct('مونديل')).toBeUndefined();
  });
});
