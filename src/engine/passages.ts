/**
 * Cutting articles into passages a reader can take in: a passage is a
 * paragraph, or, when the paragraph is longer than `maxChars`, a run of its
 * sentences (or clauses, when one sentence is itself too long).
 *
 * ```ts
 * toPassages(article, { targetChars: 450, maxChars: 700 })
 * ```
 */
import type { ArticleDoc } from '../types.ts';
import { chunk, sentences } from './segment.ts';

export interface PassageOptions {
  /** A paragraph longer than this is split. Default 700. */
  maxChars: number;
  /** The length split passages aim for. Default 450. */
  targetChars: number;
  /**
   * Whether a split passage opens with the last sentence of the one before it
   * (when that fits), so that a sentence and the one it leads into are read
   * together. Default true.
   */
  overlap?: boolean;
}

export const DEFAULT_PASSAGE_OPTIONS: PassageOptions = { maxChars: 700, targetChars: 450, overlap: true };

export interface RawPassage {
  paragraph: number;
  index: number;
  text: string;
}

/** The passages of one article, in order. */
export function toPassages(article: ArticleDoc, options: PassageOptions = DEFAULT_PASSAGE_OPTIONS): RawPassage[] {
  const out: RawPassage[] = [];
  article.paragraphs.forEach((para, paragraph) => {
    const text = para.trim();
    if (!text) return;
    if (text.length <= options.maxChars) {
      out.push({ paragraph, index: out.length, text });
      return;
    }
    for (const s of chunk(text, sentences(text), options.targetChars, options.maxChars, options.overlap)) {
      out.push({ paragraph, index: out.length, text: text.slice(s.start, s.end) });
    }
  });
  return out;
}
