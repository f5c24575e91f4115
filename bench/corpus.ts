/**
 * The benchmark corpus: the 240 XQuAD-ar paragraphs plus generated Arabic
 * passages, deterministic for a given seed.
 *
 * Generated text is a word-bigram walk over the real paragraphs (whitespace
 * tokens, punctuation kept on the word it follows), so local word order,
 * word frequencies and punctuation look like the source:
 * - with probability `JUMP` the walk jumps to a random token of the source
 *   (drawn by frequency), so it never copies more than a few words in a row;
 * - the source's rare words are emitted only at their Good-Turing rate: a
 *   word seen r times (r ≤ 5) keeps the share (r+1)·N(r+1) / (r·N(r)) of its
 *   uses (N(r): how many words are seen r times; 35% for words seen once,
 *   ~60-80% for r = 2..5). The rest of their probability mass, which a
 *   small sample gives to words it has not seen, goes to synthetic words
 *   (the head of one real word glued to the tail of another; a rare number
 *   becomes a random number of as many digits), new ones at rate `NEW_WORD`,
 *   otherwise an earlier synthetic word picked uniformly. So the vocabulary
 *   keeps growing with the corpus (Heaps-like) as a real news archive's
 *   does, instead of being capped at the ~12,000 words of the 240
 *   paragraphs, and a name seen once in XQuAD is not repeated in hundreds
 *   of generated passages;
 * - each generated article has a few topic words (rarer real words) that its
 *   passages repeat, as articles repeat their names;
 * - a passage's length is drawn from the real paragraphs' lengths (with some
 *   jitter) and ends at a sentence end.
 * Passages are grouped into articles of 3-7 passages (5 on average) with
 * generated headlines.
 */
import type { ArticleDoc } from '../src/types.ts';

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Probability that the walk jumps to a random source token instead of following a bigram. */
const JUMP = 0.25;
/** Words seen more often than this in the source are always emitted as themselves. */
const RARE = 5;
/** Among synthetic emissions, the share that coins a new word (the rest re-use earlier ones). */
const NEW_WORD = 0.08;
/** Probability per word of emitting one of the article's topic words. */
const TOPIC = 0.04;
/** Topic words per generated article. */
const TOPIC_WORDS = 6;
/** Target lengths are the real lengths times this (stopping at a sentence end overshoots). */
const LENGTH_SCALE = 0.845;

const ARABIC_WORD = /^[\u0621-\u064A]+$/;
const NUMBER = /^[0-9]+$/;
const SENTENCE_END = /[.!?؟]["'»)]*$/;
const TRAILING_PUNCT = /[^\p{L}\p{N}]+$/u;

export interface CorpusPassage {
  /** Position in the corpus, 0-based: the id every system is given. */
  id: number;
  text: string;
  /** True for an XQuAD paragraph, false for a generated one. */
  real: boolean;
}

export interface Corpus {
  /** Real articles first (as `readSquad` returns them), then the generated ones. */
  articles: ArticleDoc[];
  /** Every paragraph of every article, in order. */
  passages: CorpusPassage[];
  generatedArticles: number;
  generatedPassages: number;
  /** Time spent generating, in ms. */
  generateMs: number;
  /** Distinct whitespace tokens of the whole corpus (only computed when asked). */
  vocabulary?: number;
  meanChars: { real: number; generated: number };
}

/** File names of generated articles start with this. */
export const GENERATED_PREFIX = 'gen/';

/**
 * The real articles plus generated ones, `total` passages in all (at least the
 * real paragraphs' count).
 */
export function buildCorpus(real: ArticleDoc[], total: number, seed: number): Corpus {
  const realPassages = real.reduce((n, a) => n + a.paragraphs.length, 0);
  if (total < realPassages) throw new Error(`the corpus needs at least ${realPassages} passages (the real ones)`);
  const t0 = performance.now();
  const generated = generateArticles(real, total - realPassages, seed);
  const generateMs = performance.now() - t0;
  const articles = [...real, ...generated];
  const passages: CorpusPassage[] = [];
  for (const a of articles) {
    const isReal = !a.file.startsWith(GENERATED_PREFIX);
    for (const text of a.paragraphs) passages.push({ id: passages.length, text, real: isReal });
  }
  let realChars = 0;
  let genChars = 0;
  for (const p of passages) {
    if (p.real) realChars += p.text.length;
    else genChars += p.text.length;
  }
  const genCount = passages.length - realPassages;
  return {
    articles,
    passages,
    generatedArticles: generated.length,
    generatedPassages: genCount,
    generateMs,
    meanChars: { real: realChars / (realPassages || 1), generated: genCount ? genChars / genCount : 0 },
  };
}

/** Distinct whitespace tokens over the passages (for reporting). */
export function vocabularySize(passages: CorpusPassage[]): number {
  const seen = new Set<string>();
  for (const p of passages) for (const w of p.text.split(' ')) seen.add(w);
  return seen.size;
}

/** `count` generated passages, grouped into articles. */
export function generateArticles(real: ArticleDoc[], count: number, seed: number): ArticleDoc[] {
  if (count <= 0) return [];
  const rand = mulberry32(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const model = new BigramModel(real);
  const out: ArticleDoc[] = [];
  let made = 0;
  while (made < count) {
    const size = Math.min(count - made, 3 + int(5)); // 3..7, mean 5
    const topic: number[] = [];
    for (let i = 0; i < TOPIC_WORDS; i++) topic.push(model.topicWord(int));
    const paragraphs: string[] = [];
    for (let i = 0; i < size; i++) paragraphs.push(model.passage(rand, int, topic));
    out.push({
      title: model.title(rand, int, topic),
      file: `${GENERATED_PREFIX}${String(out.length).padStart(6, '0')}`,
      paragraphs,
    });
    made += size;
  }
  return out;
}

class BigramModel {
  /** Distinct source tokens. */
  private readonly words: string[] = [];
  /** Token ids of the whole source, in order: drawing a position draws by frequency. */
  private readonly stream: Int32Array;
  /** Successors of token id i: `next[nextStart[i] .. nextStart[i + 1])`. */
  private readonly next: Int32Array;
  private readonly nextStart: Int32Array;
  /** Token ids that start a paragraph or follow a sentence end. */
  private readonly starts: Int32Array;
  /** Token ids of rarer real Arabic words (count 2-5, 4+ letters): topic candidates. */
  private readonly topical: Int32Array;
  /** Per token id: the probability of emitting it as itself (below 1 for rare Arabic words and numbers). */
  private readonly keep: Float32Array;
  /** Per token id: 1 for a number (replaced by a number), 0 for a word. */
  private readonly numeric: Uint8Array;
  private readonly trailing: string[] = [];
  private readonly ends: Uint8Array;
  /** Arabic-letter cores of the source words, for coining synthetic words. */
  private readonly cores: string[];
  private readonly lengths: number[];
  /** Synthetic words coined so far. */
  private readonly coined: string[] = [];

  constructor(real: ArticleDoc[]) {
    const ids = new Map<string, number>();
    const stream: number[] = [];
    const pairs: Array<[number, number]> = [];
    const starts = new Set<number>();
    this.lengths = [];
    for (const a of real) {
      for (const para of a.paragraphs) {
        this.lengths.push(para.length);
        const toks = para.split(/\s+/).filter(Boolean);
        let prev = -1;
        for (const w of toks) {
          let id = ids.get(w);
          if (id === undefined) {
            id = this.words.length;
            ids.set(w, id);
            this.words.push(w);
          }
          if (prev < 0 || SENTENCE_END.test(this.words[prev])) starts.add(id);
          if (prev >= 0) pairs.push([prev, id]);
          stream.push(id);
          prev = id;
        }
      }
    }
    const n = this.words.length;
    const counts = new Int32Array(n);
    for (const id of stream) counts[id]++;
    this.stream = Int32Array.from(stream);
    this.nextStart = new Int32Array(n + 1);
    for (const [a] of pairs) this.nextStart[a + 1]++;
    for (let i = 0; i < n; i++) this.nextStart[i + 1] += this.nextStart[i];
    this.next = new Int32Array(pairs.length);
    const fill = this.nextStart.slice(0, n);
    for (const [a, b] of pairs) this.next[fill[a]++] = b;
    this.starts = Int32Array.from([...starts].sort((x, y) => x - y));
    // Good-Turing: N(r) = how many words are seen r times; r* / r = (r+1) N(r+1) / (r N(r)).
    const byCount = new Int32Array(RARE + 2);
    for (let i = 0; i < n; i++) if (counts[i] <= RARE + 1) byCount[counts[i]]++;
    const keepRate = (r: number) => (r > RARE || byCount[r] === 0 ? 1 : Math.min(1, ((r + 1) * byCount[r + 1]) / (r * byCount[r])));
    this.keep = new Float32Array(n);
    this.numeric = new Uint8Array(n);
    this.ends = new Uint8Array(n);
    const topical: number[] = [];
    const cores = new Set<string>();
    for (let i = 0; i < n; i++) {
      const w = this.words[i];
      const trail = TRAILING_PUNCT.exec(w)?.[0] ?? '';
      const core = trail ? w.slice(0, -trail.length) : w;
      this.trailing.push(trail);
      this.ends[i] = SENTENCE_END.test(w) ? 1 : 0;
      const arabic = ARABIC_WORD.test(core);
      const numeric = NUMBER.test(core);
      this.numeric[i] = numeric ? 1 : 0;
      this.keep[i] = arabic || numeric ? keepRate(counts[i]) : 1;
      if (arabic && core.length >= 3) cores.add(core);
      if (arabic && !trail && core.length >= 4 && counts[i] >= 2 && counts[i] <= 5) topical.push(i);
    }
    this.topical = Int32Array.from(topical);
    this.cores = [...cores];
  }

  topicWord(int: (n: number) => number): number {
    return this.topical[int(this.topical.length)];
  }

  /** One passage of about a real paragraph's length, ending at a sentence end. */
  passage(rand: () => number, int: (n: number) => number, topic: number[]): string {
    const target = this.lengths[int(this.lengths.length)] * LENGTH_SCALE * (0.8 + 0.4 * rand());
    const out: string[] = [];
    let chars = 0;
    let id = this.starts[int(this.starts.length)];
    for (;;) {
      const w = this.emit(id, rand, int);
      out.push(w);
      chars += w.length + 1;
      if (chars >= target && this.ends[id]) break;
      if (chars >= target * 1.5) {
        // No sentence end came: close the sentence.
        out[out.length - 1] = `${w.replace(TRAILING_PUNCT, '')}.`;
        break;
      }
      id = this.step(id, rand, int, topic);
    }
    return out.join(' ');
  }

  /** A headline of 4-8 words, without punctuation. */
  title(rand: () => number, int: (n: number) => number, topic: number[]): string {
    const len = 4 + int(5);
    const out: string[] = [];
    let id = topic.length && rand() < 0.5 ? topic[int(topic.length)] : this.starts[int(this.starts.length)];
    while (out.length < len) {
      const w = this.emit(id, rand, int).replace(TRAILING_PUNCT, '');
      if (w) out.push(w);
      id = this.step(id, rand, int, topic);
    }
    return out.join(' ');
  }

  private step(id: number, rand: () => number, int: (n: number) => number, topic: number[]): number {
    const r = rand();
    if (r < TOPIC && topic.length) return topic[int(topic.length)];
    const from = this.nextStart[id];
    const to = this.nextStart[id + 1];
    if (r < TOPIC + JUMP || to === from) return this.stream[int(this.stream.length)];
    return this.next[from + int(to - from)];
  }

  /** The surface form for token `id`: itself, or a synthetic word or number in a rare word's place. */
  private emit(id: number, rand: () => number, int: (n: number) => number): string {
    const keep = this.keep[id];
    if (keep === 1 || rand() < keep) return this.words[id];
    if (this.numeric[id]) return this.number(this.words[id].length - this.trailing[id].length, int) + this.trailing[id];
    // Uniform over earlier coined words (not over earlier uses): no rich-get-richer,
    // so no synthetic word grows into a pseudo stop word.
    if (this.coined.length === 0 || rand() < NEW_WORD) this.coined.push(this.coin(int));
    else return this.coined[int(this.coined.length)] + this.trailing[id];
    return this.coined[this.coined.length - 1] + this.trailing[id];
  }

  /** A random number of `digits` digits (no leading zero). */
  private number(digits: number, int: (n: number) => number): string {
    let s = String(1 + int(9));
    for (let i = 1; i < digits; i++) s += String(int(10));
    return s;
  }

  /** The head of one real word glued to the tail of another, 3-12 letters. */
  private coin(int: (n: number) => number): string {
    for (;;) {
      const a = this.cores[int(this.cores.length)];
      const b = this.cores[int(this.cores.length)];
      const w = a.slice(0, 1 + int(a.length - 1)) + b.slice(1 + int(b.length - 1));
      if (w.length >= 3 && w.length <= 12) return w;
    }
  }
}
