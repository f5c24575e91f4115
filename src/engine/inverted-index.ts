/**
 * An inverted index of analysed terms with BM25 scoring: the data structure
 * the engine stands on. Documents are numbered from 0; each is a list of
 * terms (repeats count), optionally with the sentence each term stands in.
 *
 * ```ts
 * const b = new IndexBuilder();
 * b.add(['قطر', 'امن', 'قطر']);   // document 0
 * b.add(['مغرب', 'امن']);         // document 1
 * const index = b.build();
 * const s = new Scores(index.size);
 * index.accumulate(index.termId('قطر'), 1, s); // s.score(0) > 0, s.score(1) === 0, s.touched[0] === 0
 * ```
 *
 * Postings are stored compressed-row style: one array of document ids, one of
 * term frequencies, one of BM25 impacts (see `impact`) and one of sentence
 * masks for the whole index, and for each term the offset of its run. A
 * collection of 100,000 passages holds about ten million postings in a few
 * typed arrays instead of a million small ones.
 */

export interface Bm25Params {
  /** Term-frequency saturation. Default 1.2. */
  k1: number;
  /** Length normalisation, 0..1. Default 0.75. */
  b: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };

/** A growable typed array. */
class Growable<T extends Uint32Array | Uint8Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = v;
  }
  /** Makes room for `n` more values (`data` may be replaced: read it after). */
  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    const next = this.make(Math.max(this.data.length * 2, this.length + n));
    next.set(this.data);
    this.data = next;
  }
}

/** Collects documents, then freezes them into an {@link InvertedIndex}. */
export class IndexBuilder {
  private readonly ids = new Map<string, number>();
  // The (term, document) pairs, document by document: each document's pairs start at its `firstPair`.
  private readonly pairTerm: Growable<Uint32Array>;
  private readonly pairTf: Growable<Uint8Array>;
  private readonly pairMask: Growable<Uint8Array>;
  private readonly firstPair = new Growable(new Uint32Array(1024), (n) => new Uint32Array(n));
  private readonly lengths = new Growable(new Uint32Array(1024), (n) => new Uint32Array(n));

  /**
   * `pairs`: how many (term, document) pairs to make room for at first (at
   * most the number of terms the documents will hold). Growing is by
   * doubling; a large build that knows its size saves the copies, and the
   * full collections V8 runs as large buffers come and go.
   */
  constructor(pairs = 1024) {
    const n = Math.max(pairs, 1024);
    this.pairTerm = new Growable(new Uint32Array(n), (k) => new Uint32Array(k));
    this.pairTf = new Growable(new Uint8Array(n), (k) => new Uint8Array(k));
    this.pairMask = new Growable(new Uint8Array(n), (k) => new Uint8Array(k));
  }
  // Per-document scratch, indexed by term id: where the term sits in the current document's pairs.
  private slot = new Int32Array(1024).fill(-1);

  /** The id of `term` in this builder, given when first seen (for {@link addIds}). */
  intern(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(term, id);
      if (id >= this.slot.length) {
        const next = new Int32Array(this.slot.length * 2).fill(-1);
        next.set(this.slot);
        this.slot = next;
      }
    }
    return id;
  }

  /**
   * Adds the next document; returns its id. `sentences[i]`, when given, is the
   * sentence number of `terms[i]` inside the document (sentences past the
   * eighth share the last bit of the mask).
   */
  add(terms: readonly string[], sentences?: ArrayLike<number>): number {
    const ids = new Int32Array(terms.length);
    for (let i = 0; i < terms.length; i++) ids[i] = this.intern(terms[i]);
    return this.addIds(ids, 0, ids.length, sentences ? Uint8Array.from(sentences, (x) => Math.min(x, 255)) : undefined);
  }

  /**
   * Adds the next document as term ids (from {@link intern}) `ids[from, to)`,
   * with their sentence numbers `sentences[from, to)`; returns its id.
   */
  addIds(ids: ArrayLike<number>, from: number, to: number, sentences?: ArrayLike<number>): number {
    const doc = this.lengths.length;
    const first = this.pairTerm.length;
    // Room for every term of the document being new, so that the loop writes the arrays directly.
    for (const g of [this.pairTerm, this.pairTf, this.pairMask]) g.reserve(to - from);
    const terms = this.pairTerm.data;
    const tfs = this.pairTf.data;
    const masks = this.pairMask.data;
    const slot = this.slot;
    let length = first;
    for (let i = from; i < to; i++) {
      const id = ids[i];
      const bit = 1 << Math.min(7, sentences ? sentences[i] : 0);
      const at = slot[id];
      if (at >= 0) {
        const tf = tfs[at];
        if (tf < 255) tfs[at] = tf + 1;
        masks[at] |= bit;
      } else {
        slot[id] = length;
        terms[length] = id;
        tfs[length] = 1;
        masks[length] = bit;
        length++;
      }
    }
    this.pairTerm.length = this.pairTf.length = this.pairMask.length = length;
    // This document's pairs are the last ones: clear their slots for the next document.
    for (let i = first; i < length; i++) slot[terms[i]] = -1;
    this.firstPair.push(first);
    this.lengths.push(to - from);
    return doc;
  }

  build(params: Bm25Params = DEFAULT_BM25): InvertedIndex {
    const terms = this.ids.size;
    const pairs = this.pairTerm.length;
    const count = this.lengths.length;
    const lengths = this.lengths.data;
    let total = 0;
    for (let d = 0; d < count; d++) total += lengths[d];
    const averageLength = count ? total / count || 1 : 1;
    // Counting sort of the (term, document) pairs by term; documents stay in order within a term.
    const offsets = new Uint32Array(terms + 1);
    const pt = this.pairTerm.data;
    for (let i = 0; i < pairs; i++) offsets[pt[i] + 1]++;
    for (let t = 0; t < terms; t++) offsets[t + 1] += offsets[t];
    const fill = offsets.slice(0, terms);
    const docs = new Uint32Array(pairs);
    const tfs = new Uint8Array(pairs);
    const impacts = new Uint8Array(pairs);
    const masks = new Uint8Array(pairs);
    const firstPair = this.firstPair.data;
    const pairTf = this.pairTf.data;
    const pairMask = this.pairMask.data;
    for (let d = 0; d < count; d++) {
      const end = d + 1 < count ? firstPair[d + 1] : pairs;
      const norm = bm25Norm(params, lengths[d], averageLength);
      for (let i = firstPair[d]; i < end; i++) {
        const at = fill[pt[i]]++;
        const tf = pairTf[i];
        docs[at] = d;
        tfs[at] = tf;
        impacts[at] = impact(tf, norm);
        masks[at] = pairMask[i];
      }
    }
    return new InvertedIndex(this.ids, offsets, docs, { tfs, impacts, masks }, count, params);
  }
}

/** BM25's length normalisation of a document: k1 × (1 − b + b × length / average length). */
function bm25Norm(params: Bm25Params, length: number, averageLength: number): number {
  return params.k1 * (1 - params.b + (params.b * length) / averageLength);
}

/**
 * Levels of a posting's impact (see {@link impact}). BM25 adds, per
 * posting, idf × (k1 + 1) × tf / (tf + norm): the last factor, between 0 and
 * 1, depends only on the posting, so it is worked out once at build time and
 * kept in a byte, as Lucene keeps its norms. The ranking then reads one byte
 * next to the document id instead of the document's norm at a random place,
 * and divides nothing. The rounding moves a posting's score by at most 1/510
 * of idf × (k1 + 1) (a document some 300 times longer than the average, whose
 * factor is below 1/255, is raised to 1/255).
 */
const IMPACT_LEVELS = 255;

/** tf / (tf + norm) in {@link IMPACT_LEVELS} levels; at least 1, so that a posting always counts. */
function impact(tf: number, norm: number): number {
  return Math.max(1, Math.round((IMPACT_LEVELS * tf) / (tf + norm)));
}

/** A frozen inverted index; see the module comment. Safe to share: queries do not mutate it. */
export class InvertedIndex {
  readonly size: number;
  private readonly tfs: Uint8Array;
  /** Per posting, tf / (tf + norm) in IMPACT_LEVELS levels (see {@link impact}). */
  private readonly impacts: Uint8Array;
  /** Per posting, the sentences of its document that hold its term (a bit each; see `sentenceMask`). */
  private readonly masks: Uint8Array;

  constructor(
    private readonly ids: Map<string, number>,
    private readonly offsets: Uint32Array,
    private readonly docs: Uint32Array,
    postings: { tfs: Uint8Array; impacts: Uint8Array; masks: Uint8Array },
    size: number,
    private readonly params: Bm25Params,
  ) {
    this.size = size;
    this.tfs = postings.tfs;
    this.impacts = postings.impacts;
    this.masks = postings.masks;
    // Bit sets of the common terms (see `dense`).
    const words = (this.size + 31) >>> 5;
    this.denseWords = words;
    this.dense = new Int32Array(ids.size).fill(-1);
    let count = 0;
    for (let t = 0; t < ids.size; t++) if (this.isDense(offsets[t + 1] - offsets[t])) this.dense[t] = count++;
    this.denseBits = new Uint32Array(count * words);
    this.denseRanks = new Uint32Array(count * words);
    for (let t = 0; t < ids.size; t++) {
      const base = this.dense[t] * words;
      if (base < 0) continue;
      for (let i = offsets[t]; i < offsets[t + 1]; i++) this.denseBits[base + (docs[i] >>> 5)] |= 1 << (docs[i] & 31);
      let before = 0;
      for (let w = 0; w < words; w++) {
        this.denseRanks[base + w] = before;
        before += popcount(this.denseBits[base + w]);
      }
    }
  }

  /**
   * A term in at least 1/{@link DENSE_SHARE} of the documents also gets a bit
   * set over the documents, with, per 32 documents, how many of its postings
   * come before: where (term, d) stands in the postings is then found in
   * constant time, not by a binary search. It costs at most 8 bytes per
   * posting of such terms (about 9 MB at 100,000 passages).
   */
  private readonly dense: Int32Array;
  private readonly denseWords: number;
  private readonly denseBits: Uint32Array;
  private readonly denseRanks: Uint32Array;

  private isDense(df: number): boolean {
    return df * DENSE_SHARE >= this.size && df > 0;
  }

  /** Position of (term `termId`, document `doc`) in the postings, or -1. */
  private position(termId: number, doc: number): number {
    const k = this.dense[termId];
    if (k < 0) return search(this.docs, this.offsets[termId], this.offsets[termId + 1], doc);
    const at = k * this.denseWords + (doc >>> 5);
    const bits = this.denseBits[at];
    const bit = 1 << (doc & 31);
    // (bit - 1: the bits below `bit`, also for bit 31.)
    return (bits & bit) === 0 ? -1 : this.offsets[termId] + this.denseRanks[at] + popcount(bits & (bit - 1));
  }

  /** True when some document contains `term`. */
  has(term: string): boolean {
    return this.ids.has(term);
  }

  /** How many documents contain `term`. */
  df(term: string): number {
    const id = this.ids.get(term);
    return id === undefined ? 0 : this.offsets[id + 1] - this.offsets[id];
  }

  /** BM25 inverse document frequency of `term` (the value for an unseen term if absent). */
  idf(term: string): number {
    return this.idfOf(this.df(term));
  }

  /** How many documents contain the term with id `termId` (0 for -1). */
  dfAt(termId: number): number {
    return termId < 0 ? 0 : this.offsets[termId + 1] - this.offsets[termId];
  }

  private idfOf(df: number): number {
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Every term of the index. */
  terms(): IterableIterator<string> {
    return this.ids.keys();
  }

  /** How many distinct terms. */
  get vocabularySize(): number {
    return this.ids.size;
  }

  /** The internal id of `term` (for the `…At` lookups that skip the term lookup), or -1. */
  termId(term: string): number {
    return this.ids.get(term) ?? -1;
  }

  /** Term frequency of the term with id `termId` in document `doc`. */
  tfAt(termId: number, doc: number): number {
    if (termId < 0) return 0;
    const at = this.position(termId, doc);
    return at < 0 ? 0 : this.tfs[at];
  }

  /**
   * For documents `docs[0, n)` in ascending order, each inside a range of
   * documents `[firsts[k], lasts[k]]` (the ranges in ascending order too):
   * sets `masks[k]` to the sentence mask of the term with id `termId` in
   * `docs[k]`, and `found[k]` to 1 when some document of the range holds the
   * term (else 0). The postings are walked once, forward.
   */
  rangeMasks(termId: number, docs: Int32Array, firsts: Int32Array, lasts: Int32Array, n: number, masks: Uint8Array, found: Uint8Array): void {
    if (termId < 0) {
      masks.fill(0, 0, n);
      found.fill(0, 0, n);
      return;
    }
    const dense = this.dense[termId];
    if (dense >= 0) {
      const base = dense * this.denseWords;
      for (let k = 0; k < n; k++) {
        const at = this.position(termId, docs[k]);
        masks[k] = at < 0 ? 0 : this.masks[at];
        let any = masks[k] !== 0;
        for (let d = firsts[k]; !any && d <= lasts[k]; d++) any = (this.denseBits[base + (d >>> 5)] & (1 << (d & 31))) !== 0;
        found[k] = any ? 1 : 0;
      }
      return;
    }
    const to = this.offsets[termId + 1];
    let at = this.offsets[termId];
    for (let k = 0; k < n; k++) {
      at = lowerBound(this.docs, at, to, firsts[k]);
      let mask = 0;
      let any = 0;
      for (let i = at; i < to && this.docs[i] <= lasts[k]; i++) {
        any = 1;
        if (this.docs[i] === docs[k]) mask = this.masks[i];
      }
      masks[k] = mask;
      found[k] = any;
    }
  }

  /** Term frequency of `term` in document `id` (255 at most). */
  tf(term: string, doc: number): number {
    const at = this.find(term, doc);
    return at < 0 ? 0 : this.tfs[at];
  }

  /** The sentences of document `doc` that contain `term`, as a bit mask (0 when none). */
  sentenceMask(term: string, doc: number): number {
    const at = this.find(term, doc);
    return at < 0 ? 0 : this.masks[at];
  }

  /**
   * Adds `weight` × BM25(term, d) to the score of every document d that
   * contains the term with id `termId` (see {@link termId}; -1 adds nothing),
   * marking d as touched the first time it scores. With `onlyTouched`, only
   * documents already touched are scored: a common term then costs what the
   * documents found so far cost, not its df.
   */
  accumulate(termId: number, weight: number, into: Scores, onlyTouched = false): void {
    if (termId < 0) return;
    const from = this.offsets[termId];
    const to = this.offsets[termId + 1];
    const w = (weight * this.idfOf(to - from) * (this.params.k1 + 1)) / IMPACT_LEVELS;
    const { docs, impacts } = this;
    const { seen, slot, touched, values } = into;
    if (onlyTouched) {
      // Look each touched document up in the postings when that is cheaper than a scan. A scan
      // only tests one bit per posting (the bit set stays in the first-level cache), so it wins
      // unless the postings are many times longer than the lookups.
      const count = into.count;
      const dense = this.dense[termId];
      if (dense >= 0 && this.denseWords * WORD_COST < count * DENSE_LOOKUP_COST) {
        // Many touched documents: the term's bit set and the touched ones' are met word by word,
        // and the postings of the documents in both are read in order (not one lookup each).
        const { denseBits, denseRanks } = this;
        const base = dense * this.denseWords;
        for (let word = 0; word < this.denseWords; word++) {
          const bits = denseBits[base + word];
          let both = bits & seen[word];
          if (both === 0) continue;
          const first = from + denseRanks[base + word];
          while (both !== 0) {
            const low = both & -both;
            both ^= low;
            const d = (word << 5) + 31 - Math.clz32(low);
            const at = first + popcount(bits & (low - 1));
            values[slot[d]] += w * impacts[at];
          }
        }
      } else if (dense >= 0 && count * DENSE_LOOKUP_COST < to - from) {
        // (The constant-time lookup of `position`, written out for the loop.)
        const { denseBits, denseRanks } = this;
        const base = dense * this.denseWords;
        for (let k = 0; k < count; k++) {
          const d = touched[k];
          const bits = denseBits[base + (d >>> 5)];
          const bit = 1 << (d & 31);
          if ((bits & bit) === 0) continue;
          const at = from + denseRanks[base + (d >>> 5)] + popcount(bits & (bit - 1));
          values[k] += w * impacts[at];
        }
      } else if (dense < 0 && count * Math.log2(to - from + 1) * SEARCH_STEP_COST < to - from) {
        for (let k = 0; k < count; k++) {
          const d = touched[k];
          const at = search(docs, from, to, d);
          if (at >= 0) values[k] += w * impacts[at];
        }
      } else {
        for (let i = from; i < to; i++) {
          const d = docs[i];
          if ((seen[d >>> 5] & (1 << (d & 31))) !== 0) values[slot[d]] += w * impacts[i];
        }
      }
      return;
    }
    let count = into.count;
    for (let i = from; i < to; i++) {
      const d = docs[i];
      const bit = 1 << (d & 31);
      let k: number;
      if ((seen[d >>> 5] & bit) === 0) {
        seen[d >>> 5] |= bit;
        k = count++;
        slot[d] = k;
        touched[k] = d;
      } else {
        k = slot[d];
      }
      values[k] += w * impacts[i];
    }
    into.count = count;
  }

  /** Position of (term, doc) in the postings, or -1. */
  private find(term: string, doc: number): number {
    const id = this.ids.get(term);
    return id === undefined ? -1 : this.position(id, doc);
  }
}

/**
 * How many postings a scan can test for the cost of one step of a binary
 * search (a step is a likely cache miss and branch miss, a posting a
 * sequential read and one bit test).
 */
const SEARCH_STEP_COST = 4;
/**
 * The same for finding a posting with a common term's bit set (see
 * `InvertedIndex.dense`): at 100,000 passages about 8.5 ns a lookup, 4 ns a
 * scanned posting. (Results do not depend on these costs, only the time.)
 */
const DENSE_LOOKUP_COST = 2;
/** The same for one 32-document word of a bit-set intersection (two sequential reads and an AND). */
const WORD_COST = 0.25;
/** Terms in at least 1/32 of the documents get a bit set (see `InvertedIndex.dense`). */
const DENSE_SHARE = 32;

/** How many bits of `x` are set. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * The scores of one query over an index's documents, with the documents that
 * have scored. Made once per index and reused from query to query ({@link clear}
 * undoes only what the last query touched), so that no query allocates or zeroes
 * arrays the size of the collection. Not for two queries at once.
 */
export class Scores {
  /** One bit per document, set once it is touched. */
  readonly seen: Uint32Array;
  /** The touched documents, in the order they were first touched: `touched[0, count)`. */
  readonly touched: Int32Array;
  /** `values[k]` is the score of `touched[k]`: the scores of a query sit side by side. */
  readonly values: Float64Array;
  /** Per touched document, where it stands in `touched` and `values` (stale for the others). */
  readonly slot: Int32Array;
  count = 0;

  constructor(size: number) {
    this.seen = new Uint32Array((size + 31) >>> 5);
    this.touched = new Int32Array(size);
    this.values = new Float64Array(size);
    this.slot = new Int32Array(size);
  }

  /** Whether document `d` has been touched. */
  has(d: number): boolean {
    return (this.seen[d >>> 5] & (1 << (d & 31))) !== 0;
  }

  /** Adds `x` to the score of every touched document of `[from, to)`. */
  addInRange(from: number, to: number, x: number): void {
    this.updateInRange(from, to, 1, x);
  }

  /** Multiplies by `x` the score of every touched document of `[from, to)`. */
  multiplyInRange(from: number, to: number, x: number): void {
    this.updateInRange(from, to, x, 0);
  }

  /** Sets the score v of every touched document of `[from, to)` to v × times + plus (exact for times 1 or plus 0). */
  private updateInRange(from: number, to: number, times: number, plus: number): void {
    for (let word = from >>> 5; word << 5 < to; word++) {
      let bits = this.seen[word] & rangeMask(word, from, to);
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const k = this.slot[(word << 5) + 31 - Math.clz32(low)];
        this.values[k] = this.values[k] * times + plus;
      }
    }
  }

  /** The score of document `d` (0 when untouched). */
  score(d: number): number {
    return this.has(d) ? this.values[this.slot[d]] : 0;
  }

  clear(): void {
    const { seen, touched, count } = this;
    // Bit by touched document, or the whole bit set at once when that is cheaper (a word of it
    // costs a small fraction of a scattered write).
    if (count * CLEAR_ALL_RATIO > seen.length) seen.fill(0);
    else for (let k = 0; k < count; k++) seen[touched[k] >>> 5] = 0;
    this.values.fill(0, 0, count);
    this.count = 0;
  }
}

/**
 * {@link Scores.clear} zeroes the whole bit set when more than one document
 * in this many of its 32-document words was touched: at 100,000 passages
 * (5,000 words, about 3,300 touched) 0.5 µs against 4.5 µs one by one.
 */
const CLEAR_ALL_RATIO = 8;

/** The bits of the 32-document word `word` that stand for documents of `[from, to)`. */
function rangeMask(word: number, from: number, to: number): number {
  const lo = Math.max(from - (word << 5), 0);
  const hi = Math.min(to - (word << 5), 32);
  if (lo >= hi) return 0;
  const below = hi === 32 ? -1 : (1 << hi) - 1;
  return below & ~((1 << lo) - 1);
}

/** The first position in the sorted `docs[from, to)` holding `doc` or more (`to` if none): galloping from `from`. */
function lowerBound(docs: Uint32Array, from: number, to: number, doc: number): number {
  if (from >= to || docs[from] >= doc) return from;
  // docs[lo] < doc; widen the step until docs[hi] >= doc, then halve.
  let lo = from;
  let step = 1;
  while (lo + step < to && docs[lo + step] < doc) {
    lo += step;
    step *= 2;
  }
  let hi = Math.min(lo + step, to);
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid] < doc) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Position of `doc` in the sorted `docs[from, to)`, or -1. */
function search(docs: Uint32Array, from: number, to: number, doc: number): number {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = docs[mid];
    if (v === doc) return mid;
    if (v < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
