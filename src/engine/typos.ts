/**
 * Mapping a misspelt question word to the closest word the knowledge uses,
 * with fuse.js (Bitap) doing the fuzzy comparison.
 *
 * fuse.js scans every record on every search, so the vocabulary is split into
 * small buckets by length and by first or last letter; a word is compared only
 * with vocabulary words of about its length that share its first or its last
 * letter (a typo seldom hits both ends). Buckets get their Fuse instance the
 * first time they are searched.
 *
 * ```ts
 * const typos = new TypoMatcher(['مونديال', 'حموش', 'ملعب']);
 * typos.correct('مونديل') // → { term: 'مونديال', score: 0.14… }
 * ```
 */
import Fuse from 'fuse.js';

export interface TypoOptions {
  /** fuse.js threshold: 0 is exact, 1 anything. Default 0.3. */
  threshold: number;
  /**
   * Words shorter than this are never corrected: a short Arabic stem is one
   * letter away from many other words (عاصم → عالم). Default 5.
   */
  minLength: number;
}

export const DEFAULT_TYPO_OPTIONS: TypoOptions = { threshold: 0.3, minLength: 5 };

export interface Correction {
  term: string;
  /** fuse.js score: 0 is a perfect match. */
  score: number;
}

export class TypoMatcher {
  private readonly buckets = new Map<string, string[]>();
  private readonly fuses = new Map<string, Fuse<string>>();
  private readonly options: TypoOptions;

  constructor(vocabulary: Iterable<string>, options: Partial<TypoOptions> = {}) {
    this.options = { ...DEFAULT_TYPO_OPTIONS, ...options };
    for (const w of vocabulary) {
      if (w.length < this.options.minLength - 1 || w.includes(':')) continue;
      for (const key of keys(w)) {
        let b = this.buckets.get(key);
        if (!b) this.buckets.set(key, (b = []));
        b.push(w);
      }
    }
  }

  private readonly memo = new Map<string, Correction | null>();

  /** The closest vocabulary word to `word`, or undefined when none is close enough. */
  correct(word: string): Correction | undefined {
    if (word.length < this.options.minLength) return undefined;
    let hit = this.memo.get(word);
    if (hit === undefined) {
      hit = this.search(word) ?? null;
      if (this.memo.size >= 50_000) this.memo.clear();
      this.memo.set(word, hit);
    }
    return hit ?? undefined;
  }

  private search(word: string): Correction | undefined {
    let best: Correction | undefined;
    const seen = new Set<string>();
    for (let len = word.length - 1; len <= word.length + 1; len++) {
      for (const key of [`${len}<${word[0]}`, `${len}>${word[word.length - 1]}`]) {
        if (seen.has(key)) continue;
        seen.add(key);
        const fuse = this.fuse(key);
        if (!fuse) continue;
        const [hit] = fuse.search(word, { limit: 1 });
        if (hit && hit.score !== undefined && (!best || hit.score < best.score)) {
          best = { term: hit.item, score: hit.score };
        }
      }
    }
    return best && best.term !== word ? best : undefined;
  }

  private fuse(key: string): Fuse<string> | undefined {
    let f = this.fuses.get(key);
    if (f) return f;
    const bucket = this.buckets.get(key);
    if (!bucket) return undefined;
    f = new Fuse(bucket, {
      includeScore: true,
      threshold: this.options.threshold,
      ignoreLocation: true,
      isCaseSensitive: true,
      shouldSort: true,
    });
    this.fuses.set(key, f);
    return f;
  }
}

function keys(w: string): string[] {
  return [`${w.length}<${w[0]}`, `${w.length}>${w[w.length - 1]}`];
}
