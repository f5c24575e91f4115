import { describe, expect, it } from 'vitest';
import { isLightWord } from '../../../src/analysis/light-words.ts';
import { normalize } from '../../../src/analysis/normalize.ts';

const light = (w: string) => isLightWord(normalize(w));

describe('light words: verbs of general meaning', () => {
  it('MSA and Darija forms of go, come, want, give, happen (سيذهب، يمشي، مشاو، جا، بغيت، عطات، يحدث)', () => {
    for (const w of ['سيذهب', 'ذهبوا', 'يمشي', 'مشاو', 'كيمشي', 'غيمشيو', 'جا', 'يجي', 'يأتي', 'بغيت', 'يريد', 'عطات', 'أعطى', 'يحدث', 'يوجد']) {
      expect(light(w), w).toBe(true);
    }
  });

  it('the aspectual verbs begin, end, last (يبدأ، تنتهي، ستنطلق، كتبدا، يسالي)', () => {
    for (const w of ['يبدأ', 'تبدأ', 'تنتهي', 'ستنطلق', 'يستمر', 'كتبدا', 'غتبدا', 'يسالي']) expect(light(w), w).toBe(true);
  });

  it('with a conjunction attached (ويمشي، فجاء)', () => {
    expect(light('ويمشي')).toBe(true);
    expect(light('فجاء')).toBe(true);
  });

  it('not a bare form that is also a noun (ذهب and الذهب: gold; دار: house), nor a content verb, nor "people"', () => {
    for (const w of ['ذهب', 'الذهب', 'دار', 'الدار', 'فاز', 'وقع', 'سافر', 'يدير', 'الناس', 'شخصا']) expect(light(w), w).toBe(false);
  });
});
