/**
 * Mapping a misspelt question word to the closest word the knowledge uses,
 * with fuse.js (Bitap) doing the fuzzy comparison.
 *
 * fuse.js scans every record on every search, so the vocabulary is split into
 * small buckets by length and by first two or last two letters; a word is
 * compared only with vocabulary words of about its length that share its first
 * two or its last two letters (one typo seldom hits both ends). Buckets get
 * their Fuse instance the first time they are searched.
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

  private readonly memo = new Map<string, Correction[]>();

  /** The closest vocabulary word to `word`, or undefined when none is close enough. */
  correct(word: string): Correction | undefined {
    return this.candidates(word)[0];
  }

  /**
   * The vocabulary words closest to `word`, best first: the best one and any
   * other about as close (within 0.05), at most three. When a word is as near
   * to تستقبل as to استقبال, both are kept rather than one picked by chance.
   */
  candidates(word: string): Correction[] {
    if (word.length < this.options.minLength) return [];
    let hits = this.memo.get(word);
    if (hits === undefined) {
      hits = this.search(word);
      if (this.memo.size >= 50_000) this.memo.clear();
      this.memo.set(word, hits);
    }
    return hits;
  }

  private search(word: string): Correction[] {
    // Words of about its length that share its first or last two letters, and all but two of its letters:
    // a cheap filter, then fuse.js compares what is left.
    // fuse.js scores a match by its edits over the word's length, so a match within the threshold
    // keeps all but `edits` of the word's letters: a word sharing fewer cannot be returned anyway.
    const edits = Math.floor(this.options.threshold * word.length + 1e-9);
    const near = new Set<string>();
    for (let len = word.length - 1; len <= word.length + 1; len++) {
      for (const key of [`${len}<${word.slice(0, 2)}`, `${len}>${word.slice(-2)}`]) {
        for (const w of this.buckets.get(key) ?? []) {
          if (w === word) continue;
          const shared = sharedLetters(word, w);
          if (shared >= Math.max(word.length, w.length) - 2 && shared >= word.length - edits) near.add(w);
        }
      }
    }
    if (near.size === 0) return [];
    const fuse = new Fuse([...near], {
      includeScore: true,
      threshold: this.options.threshold,
      ignoreLocation: true,
      isCaseSensitive: true,
      shouldSort: true,
    });
    const ranked = fuse
      .search(word)
      .filter((h) => h.score !== undefined)
      .map((h) => ({ term: h.item, score: h.score! }))
      .sort((a, b) => a.score - b.score || (a.term < b.term ? -1 : 1));
    if (ranked.length === 0) return [];
    return ranked.filter((c) => c.score <= ranked[0].score + 0.05).slice(0, 3);
  }
}

/** Scratch letter counts for {@link sharedLetters} (the engine is synchronous). */
const COUNTS = new Int16Array(0x10000);

/** How many letters two words share, counted with repeats (ترسيخات and ترسيتجرب share 5). */
export function sharedLetters(a: string, b: string): number {
  for (let i = 0; i < a.length; i++) COUNTS[a.charCodeAt(i)]++;
  let shared = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b.charCodeAt(i);
    if (COUNTS[c] > 0) {
      COUNTS[c]--;
      shared++;
    }
  }
  for (let i = 0; i < a.length; i++) COUNTS[a.charCodeAt(i)] = 0;
  return shared;
}

function keys(w: string): string[] {
  return [`${w.length}<${w.slice(0, 2)}`, `${w.length}>${w.slice(-2)}`];
}
