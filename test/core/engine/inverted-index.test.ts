import { describe, expect, it } from 'vitest';
import { IndexBuilder, Scores, type InvertedIndex } from '../../../src/engine/inverted-index.ts';

function build(docs: string[][], sentences?: number[][]): InvertedIndex {
  const b = new IndexBuilder();
  docs.forEach((d, i) => b.add(d, sentences?.[i]));
  return b.build();
}

/** BM25 scores of every document for a weighted query. */
function score(index: InvertedIndex, query: Record<string, number>): { scores: number[]; touched: number[] } {
  const s = new Scores(index.size);
  for (const [t, w] of Object.entries(query)) index.accumulate(index.termId(t), w, s);
  return { scores: Array.from({ length: index.size }, (_, d) => s.score(d)), touched: [...s.touched.subarray(0, s.count)] };
}

const order = (scores: number[]) =>
  scores
    .map((s, i) => ({ s, i }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s)
    .map((x) => x.i);

describe('inverted index with BM25', () => {
  const docs = [
    ['قطر', 'امن', 'مونديال', 'قطر'], // 0: قطر twice
    ['مغرب', 'امن', 'حموش'], // 1
    ['قطر', 'ملعب', 'لوسيل', 'نهائي', 'مبار', 'قطر', 'امن', 'امن', 'امن', 'امن'], // 2: long
    ['محط', 'تحلي', 'ماء'], // 3: other topic
  ];
  const index = build(docs);

  it('counts documents and knows its terms', () => {
    expect(index.size).toBe(4);
    expect(index.has('قطر')).toBe(true);
    expect(index.has('كسكس')).toBe(false);
    expect(new Set(index.terms())).toEqual(new Set(docs.flat()));
  });

  it('df is the number of documents holding a term; tf the count inside one', () => {
    expect(index.df('امن')).toBe(3);
    expect(index.df('قطر')).toBe(2);
    expect(index.df('لوسيل')).toBe(1);
    expect(index.df('كسكس')).toBe(0);
    expect(index.tf('قطر', 0)).toBe(2);
    expect(index.tf('امن', 2)).toBe(4);
    expect(index.tf('قطر', 1)).toBe(0);
  });

  it('idf falls as a term gets commoner, and an unseen term has the highest idf', () => {
    expect(index.idf('لوسيل')).toBeGreaterThan(index.idf('قطر'));
    expect(index.idf('قطر')).toBeGreaterThan(index.idf('امن'));
    expect(index.idf('امن')).toBeGreaterThan(0);
    expect(index.idf('كسكس')).toBeGreaterThan(index.idf('لوسيل'));
  });

  it('only documents holding a query term score, each touched once', () => {
    const { scores, touched } = score(index, { قطر: 1, لوسيل: 1 });
    expect(new Set(touched)).toEqual(new Set([0, 2]));
    expect(touched.length).toBe(2);
    expect(scores[1]).toBe(0);
    expect(scores[3]).toBe(0);
  });

  it("scores are BM25's, within the rounding of the per-posting impacts", () => {
    const k1 = 1.2;
    const b = 0.75;
    const avg = docs.reduce((n, d) => n + d.length, 0) / docs.length;
    const query = { قطر: 1, امن: 0.5, لوسيل: 2 };
    const { scores } = score(index, query);
    docs.forEach((doc, d) => {
      let exact = 0;
      let slack = 0;
      for (const [t, w] of Object.entries(query)) {
        const tf = doc.filter((x) => x === t).length;
        if (tf === 0) continue;
        const idf = Math.log(1 + (docs.length - index.df(t) + 0.5) / (index.df(t) + 0.5));
        exact += (w * idf * (k1 + 1) * tf) / (tf + k1 * (1 - b + (b * doc.length) / avg));
        slack += (w * idf * (k1 + 1)) / 510;
      }
      expect(Math.abs(scores[d] - exact)).toBeLessThanOrEqual(slack + 1e-12);
    });
    expect(scores[3]).toBe(0);
  });

  it('a term added only to touched documents scores them as a full pass would, and touches no other', () => {
    // "c" is in every document (a bit set); "r" in one in eight; "h" in one in sixty (no bit set).
    // One touched document ("one") is looked up in c's postings; the fifty that "r" touches meet
    // c's bit set word by word; h's few postings are scanned.
    const b = new IndexBuilder();
    for (let d = 0; d < 400; d++) {
      const words = d % 8 === 0 ? ['c', 'r', 'x'] : d === 1 ? ['c', 'one'] : ['c', 'x', 'x'];
      if (d % 3 === 1) words.push('c'); // (tf varies, so a posting read at the wrong place shows.)
      b.add(d % 60 === 0 ? [...words, 'h'] : words);
    }
    const idx = b.build();
    for (const rare of ['one', 'r']) {
      const full = score(idx, { [rare]: 1, c: 0.5, h: 0.25 }).scores;
      const s = new Scores(idx.size);
      idx.accumulate(idx.termId(rare), 1, s);
      idx.accumulate(idx.termId('c'), 0.5, s, true);
      idx.accumulate(idx.termId('h'), 0.25, s, true);
      expect(s.count).toBe(idx.df(rare));
      expect(Array.from({ length: idx.size }, (_, d) => s.score(d))).toEqual(full.map((x, d) => (idx.tf(rare, d) > 0 ? x : 0)));
      // Cleared, the scores serve the next query.
      s.clear();
      expect(s.count).toBe(0);
      expect(s.values.every((x) => x === 0)).toBe(true);
      expect(s.has(0)).toBe(false);
      idx.accumulate(idx.termId('c'), 1, s);
      expect(s.count).toBe(400);
    }
  });

  it('finds a term\'s sentence masks in documents and whether their ranges hold it, as lookups one by one would', () => {
    // 200 documents; "c" in every third (a bit set), "r" in a few (binary-searched postings).
    const b = new IndexBuilder();
    for (let d = 0; d < 200; d++) {
      const words = d % 3 === 0 ? ['c', 'x'] : ['x'];
      if (d === 10 || d === 57 || d === 58 || d === 150) words.push('r');
      b.add(words, words.map((_, i) => i));
    }
    const idx = b.build();
    const docs = Int32Array.from([2, 9, 10, 56, 60, 149, 199]);
    const firsts = Int32Array.from([0, 8, 8, 55, 59, 149, 199]);
    const lasts = Int32Array.from([4, 12, 12, 58, 61, 149, 199]);
    for (const term of ['c', 'r', 'x', 'nowhere']) {
      const masks = new Uint8Array(docs.length);
      const found = new Uint8Array(docs.length);
      idx.rangeMasks(idx.termId(term), docs, firsts, lasts, docs.length, masks, found);
      docs.forEach((d, k) => {
        expect(masks[k]).toBe(idx.sentenceMask(term, d));
        let any = 0;
        for (let e = firsts[k]; e <= lasts[k]; e++) if (idx.tf(term, e) > 0) any = 1;
        expect(found[k]).toBe(any);
      });
    }
  });

  it('adds to and scales the scores of the touched documents of a range, and of no other', () => {
    const b = new IndexBuilder();
    for (let d = 0; d < 100; d++) b.add(d % 3 === 0 ? ['t'] : ['u']);
    const idx = b.build();
    const s = new Scores(idx.size);
    idx.accumulate(idx.termId('t'), 1, s);
    const before = Array.from({ length: 100 }, (_, d) => s.score(d));
    s.addInRange(30, 70, 1); // Across word boundaries (32, 64).
    s.multiplyInRange(63, 64, 10);
    s.addInRange(5, 5, 1); // Empty.
    for (let d = 0; d < 100; d++) {
      const inside = d >= 30 && d < 70 && d % 3 === 0;
      const added = inside ? before[d] + 1 : before[d];
      expect(s.score(d)).toBe(d === 63 ? added * 10 : added);
    }
  });

  it('a rare term outweighs a common one', () => {
    // Doc 1 has the rare حموش; docs 0 and 2 only the common امن.
    const { scores } = score(index, { حموش: 1, امن: 1 });
    expect(order(scores)[0]).toBe(1);
  });

  it('more occurrences score higher, with saturation, and a long document is normalised', () => {
    const b = new IndexBuilder();
    b.add(['x', 'a', 'b', 'c']); // 0: x once
    b.add(['x', 'x', 'a', 'b']); // 1: x twice, same length
    b.add(['x', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']); // 2: x once, long
    b.add(['y']); // 3
    const idx = b.build();
    const { scores } = score(idx, { x: 1 });
    expect(scores[1]).toBeGreaterThan(scores[0]);
    expect(scores[1]).toBeLessThan(2 * scores[0]); // Saturates: twice the count is less than twice the score.
    expect(scores[0]).toBeGreaterThan(scores[2]); // Same count in a longer document counts less.
  });

  it('cleared after few or after many touched documents, the scores serve the next query as fresh ones', () => {
    // 3,200 documents (100 words of bits): "few" touches 5 of them (cleared bit by bit), "many" 1,600 (the
    // whole bit set is cleared); "odd" then touches documents both touched before and not.
    const b = new IndexBuilder();
    for (let d = 0; d < 3200; d++) b.add([d % 640 === 0 ? 'few' : 'x', d % 2 === 0 ? 'many' : 'odd']);
    const idx = b.build();
    const reused = new Scores(idx.size);
    for (const first of ['few', 'many']) {
      idx.accumulate(idx.termId(first), 1, reused);
      reused.clear();
      idx.accumulate(idx.termId('odd'), 1, reused);
      const fresh = new Scores(idx.size);
      idx.accumulate(idx.termId('odd'), 1, fresh);
      expect(reused.count).toBe(1600);
      expect(Array.from({ length: idx.size }, (_, d) => reused.has(d))).toEqual(Array.from({ length: idx.size }, (_, d) => fresh.has(d)));
      expect(Array.from({ length: idx.size }, (_, d) => reused.score(d))).toEqual(Array.from({ length: idx.size }, (_, d) => fresh.score(d)));
      reused.clear();
    }
  });

  it('weights scale a term’s contribution linearly', () => {
    const one = score(index, { لوسيل: 1 }).scores[2];
    const two = score(index, { لوسيل: 2 }).scores[2];
    expect(two).toBeCloseTo(2 * one, 10);
  });

  it('ranks the document about the question first', () => {
    const { scores } = score(index, { ملعب: 1, نهائي: 1, قطر: 1 });
    expect(order(scores)[0]).toBe(2);
    const other = score(index, { محط: 1, ماء: 1 }).scores;
    expect(order(other)).toEqual([3]);
  });

  it('queries do not change the index (safe to share between chats)', () => {
    const first = score(index, { قطر: 1, امن: 0.5 }).scores;
    for (let i = 0; i < 5; i++) score(index, { مغرب: 1, امن: 3 });
    expect(score(index, { قطر: 1, امن: 0.5 }).scores).toEqual(first);
  });

  it('an empty index answers nothing and does not throw', () => {
    const empty = new IndexBuilder().build();
    expect(empty.size).toBe(0);
    expect(empty.df('قطر')).toBe(0);
    expect(Number.isFinite(empty.idf('قطر'))).toBe(true);
    expect(score(empty, { قطر: 1 }).touched).toEqual([]);
  });
});

describe('sentence masks', () => {
  it('say in which sentences of a document a term stands', () => {
    const index = build(
      [
        ['قطر', 'امن', 'حموش', 'قطر', 'ملعب'],
        ['قطر'],
      ],
      [[0, 0, 1, 2, 2], [0]],
    );
    expect(index.sentenceMask('قطر', 0)).toBe(0b101);
    expect(index.sentenceMask('امن', 0)).toBe(0b001);
    expect(index.sentenceMask('حموش', 0)).toBe(0b010);
    expect(index.sentenceMask('ملعب', 0)).toBe(0b100);
    expect(index.sentenceMask('قطر', 1)).toBe(0b001);
    expect(index.sentenceMask('حموش', 1)).toBe(0);
    expect(index.sentenceMask('كسكس', 0)).toBe(0);
  });

  it('without sentence numbers every term is in sentence 0', () => {
    const index = build([['a', 'b']]);
    expect(index.sentenceMask('a', 0)).toBe(1);
  });

  it('sentences past the 8th share the last bit of the (one-byte) mask', () => {
    const index = build([['a', 'b', 'c']], [[7, 40, 2]]);
    expect(index.sentenceMask('a', 0)).toBe(2 ** 7);
    expect(index.sentenceMask('b', 0)).toBe(2 ** 7);
    expect(index.sentenceMask('c', 0)).toBe(4);
  });
});
