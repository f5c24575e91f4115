/**
 * An inverted index of analysed terms with BM25 scoring: the data structure
 * the engine stands on. Documents are numbered from 0; each is a list of
 * terms (repeats count).
 *
 * ```ts
 * const b = new IndexBuilder();
 * b.add(['قطر', 'امن', 'قطر']);   // document 0
 * b.add(['مغرب', 'امن']);         // document 1
 * const index = b.build();
 * const scores = new Float64Array(index.size);
 * index.accumulate('قطر', 1, scores, []); // scores[0] > 0, scores[1] === 0
 * ```
 *
 * Postings are typed arrays (document ids and term frequencies), so a large
 * collection stays compact and a query touches only the documents that
 * contain its terms.
 */

export interface Bm25Params {
  /** Term-frequency saturation. Default 1.2. */
  k1: number;
  /** Length normalisation, 0..1. Default 0.75. */
  b: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };

interface Postings {
  ids: Uint32Array;
  tfs: Uint16Array;
  /** Bit i set: the term occurs in sentence i of the document (sentences past 31 share bit 31). */
  masks: Uint32Array;
}

/** Collects documents, then freezes them into an {@link InvertedIndex}. */
export class IndexBuilder {
  private readonly ids = new Map<string, number[]>();
  private readonly tfs = new Map<string, number[]>();
  private readonly masks = new Map<string, number[]>();
  private readonly lengths: number[] = [];

  /**
   * Adds the next document; returns its id. `sentences[i]`, when given, is the
   * sentence number of `terms[i]` inside the document.
   */
  add(terms: readonly string[], sentences?: readonly number[]): number {
    const id = this.lengths.length;
    const counts = new Map<string, number>();
    const bits = new Map<string, number>();
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i];
      counts.set(t, (counts.get(t) ?? 0) + 1);
      const bit = 1 << Math.min(31, sentences?.[i] ?? 0);
      bits.set(t, (bits.get(t) ?? 0) | bit);
    }
    const length = terms.length;
    for (const [t, n] of counts) {
      let ids = this.ids.get(t);
      if (!ids) {
        ids = [];
        this.ids.set(t, ids);
        this.tfs.set(t, []);
        this.masks.set(t, []);
      }
      ids.push(id);
      this.tfs.get(t)!.push(Math.min(n, 0xffff));
      this.masks.get(t)!.push(bits.get(t)! >>> 0);
    }
    this.lengths.push(length);
    return id;
  }

  build(params: Bm25Params = DEFAULT_BM25): InvertedIndex {
    const postings = new Map<string, Postings>();
    for (const [t, ids] of this.ids) {
      postings.set(t, {
        ids: Uint32Array.from(ids),
        tfs: Uint16Array.from(this.tfs.get(t)!),
        masks: Uint32Array.from(this.masks.get(t)!),
      });
    }
    return new InvertedIndex(postings, Float32Array.from(this.lengths), params);
  }
}

/** A frozen inverted index; see the module comment. Safe to share: queries do not mutate it. */
export class InvertedIndex {
  readonly size: number;
  readonly averageLength: number;
  private readonly norms: Float32Array;

  constructor(
    private readonly postings: Map<string, Postings>,
    private readonly lengths: Float32Array,
    private readonly params: Bm25Params,
  ) {
    this.size = lengths.length;
    let total = 0;
    for (const l of lengths) total += l;
    this.averageLength = this.size ? total / this.size || 1 : 1;
    // k1 * (1 - b + b * len / avg), precomputed per document.
    this.norms = new Float32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      this.norms[i] = params.k1 * (1 - params.b + (params.b * lengths[i]) / this.averageLength);
    }
  }

  /** True when some document contains `term`. */
  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** How many documents contain `term`. */
  df(term: string): number {
    return this.postings.get(term)?.ids.length ?? 0;
  }

  /** BM25 inverse document frequency of `term` (the value for an unseen term if absent). */
  idf(term: string): number {
    const df = this.df(term);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Every term of the index. */
  terms(): IterableIterator<string> {
    return this.postings.keys();
  }

  /** Term frequency of `term` in document `id`. */
  tf(term: string, id: number): number {
    const p = this.postings.get(term);
    const at = p ? find(p.ids, id) : -1;
    return at < 0 ? 0 : p!.tfs[at];
  }

  /** The sentences of document `id` that contain `term`, as a bit mask (0 when none). */
  sentenceMask(term: string, id: number): number {
    const p = this.postings.get(term);
    const at = p ? find(p.ids, id) : -1;
    return at < 0 ? 0 : p!.masks[at];
  }

  /**
   * Adds `weight` × BM25(term, d) to `scores[d]` for every document d that
   * contains `term`, and pushes d onto `touched` the first time it scores.
   */
  accumulate(term: string, weight: number, scores: Float64Array, touched: number[]): void {
    const p = this.postings.get(term);
    if (!p) return;
    const w = weight * this.idf(term) * (this.params.k1 + 1);
    const { ids, tfs } = p;
    for (let i = 0; i < ids.length; i++) {
      const d = ids[i];
      const tf = tfs[i];
      if (scores[d] === 0) touched.push(d);
      scores[d] += (w * tf) / (tf + this.norms[d]);
    }
  }
}

/** Position of `id` in the sorted `ids`, or -1. */
function find(ids: Uint32Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid];
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
