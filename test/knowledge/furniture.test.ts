import { describe, it, expect } from 'vitest';
import { FURNITURE_PHRASES, isFurniture, splitTeaser } from '../../src/knowledge/furniture.ts';

describe('isFurniture', () => {
  it('matches every listed phrase, alone or with a trailing colon', () => {
    for (const phrase of FURNITURE_PHRASES) {
      expect(isFurniture(phrase)).toBe(true);
      expect(isFurniture(`  ${phrase} :  `)).toBe(true);
    }
  });

  it('ignores case, spaces, hamza/tanween variants and arrows', () => {
    for (const line of [
      'زر الذهاب إلى الأعلى',
      'زر  الذهاب الى الاعلى',
      'اقرأ أيضاً:',
      'إقرأ أيضا',
      'اقرا ايضا',
      'BACK TO TOP ↑',
      '↑ Back to top',
      'lire aussi :',
      'A lire aussi',
      'Read more »',
      'Partager\u00a0:',
      'شارك هذا المقال',
    ]) {
      expect(isFurniture(line), line).toBe(true);
    }
  });

  it('never drops a sentence that merely contains the words', () => {
    for (const line of [
      'اقرأ أيضا ما كتبه الصحفي عن الموضوع.',
      'وقال إن على الجميع أن يشارك في تأمين هذا العرس.',
      'Share prices fell sharply on Monday.',
      'Il faut lire aussi le rapport de la commission.',
      'الرئيسية في المدينة مزدحمة',
      '',
      '   ',
    ]) {
      expect(isFurniture(line), line).toBe(false);
    }
  });
});

describe('splitTeaser', () => {
  it('returns the rest of a "read also:" line', () => {
    expect(splitTeaser('اقرأ أيضا: حموشي في الدوحة')).toBe('حموشي في الدوحة');
    expect(splitTeaser('Lire aussi : Le Maroc au Qatar')).toBe('Le Maroc au Qatar');
    expect(splitTeaser('Read also: [Title](https://example.com)')).toBe('[Title](https://example.com)');
  });

  it('is undefined for anything else', () => {
    expect(splitTeaser('اقرأ أيضا:')).toBeUndefined();
    expect(splitTeaser('وقال المسؤول: اقرأ أيضا التقرير')).toBeUndefined();
    expect(splitTeaser('Note: read also the report')).toBeUndefined();
  });
});
