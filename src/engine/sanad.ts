/**
 * Sanad's question-answering engine: one class, an options object with
 * documented defaults, pure and synchronous once built.
 *
 * ```ts
 * import { Sanad } from './engine/sanad.ts';
 * import { loadKnowledge } from './knowledge/load.ts';
 *
 * const { articles } = await loadKnowledge('knowledge');
 * const sanad = Sanad.fromArticles(articles);
 * const a = sanad.ask('كم عدد رجال الأمن المغاربة في قطر؟');
 * if (a.found) console.log(a.best!.answer, '—', a.best!.source.title);
 * ```
 *
 * How it answers:
 * 1. The question goes through the same analysis chain as the passages
 *    (`src/analysis/`). Words the knowledge never uses are mapped to the
 *    closest word it does use (fuse.js, {@link TypoMatcher}).
 * 2. BM25 over three fields ranks the passages: the passage itself, the
 *    paragraph it was cut from, and its article's headline.
 * 3. If the best passage holds too little of the question (idf-weighted
 *    coverage under `minCoverage`), the engine declines rather than guess.
 * 4. The short answer is the passage's sentence that best answers the
 *    question's terms and kind (`answer.ts`).
 *
 * An `article` hint (the article a conversation is about) lifts that
 * article's passages by `hintBoost`, so follow-up questions stay on topic.
 */
import type { Answer, ArticleDoc, Lang, Match, SourceRef } from '../types.ts';
import { tokenize, type Token } from '../analysis/tokenize.ts';
import { termsOf, candidateStems, isStop } from '../analysis/analyzer.ts';
import { detectLanguage } from '../analysis/language.ts';
import { normalize } from '../analysis/normalize.ts';
import { procliticForms, skeleton, type Lexicon } from '../analysis/stem.ts';
import { DEFAULT_BM25, IndexBuilder, type Bm25Params, type InvertedIndex } from './inverted-index.ts';
import { DEFAULT_PASSAGE_OPTIONS, toPassages, type PassageOptions } from './passages.ts';
import { DEFAULT_TYPO_OPTIONS, TypoMatcher, type TypoOptions } from './typos.ts';
import { pickAnswer } from './answer.ts';
import { sentences } from './segment.ts';
import { questionKind, type QuestionKind } from './question.ts';
import { Suggester } from './suggest.ts';

export interface SanadOptions {
  /** How paragraphs are cut into passages. */
  passages: PassageOptions;
  /** BM25 parameters. */
  bm25: Bm25Params;
  /** Weight of the paragraph a passage was cut from. Default 0.3. */
  paragraphWeight: number;
  /** Weight of the coarse root-like field (see `skeleton`). Default 0.6. */
  rootWeight: number;
  /** Weight of the article's headline. Default 0.4. */
  titleWeight: number;
  /** Misspelt-word correction with fuse.js. */
  typos: TypoOptions;
  /** Weight of a corrected word relative to a word typed right. Default 0.7. */
  typoWeight: number;
  /**
   * The least share (idf-weighted, 0..1) of the question's terms that the best
   * passage, its paragraph and headline must hold for the engine to answer.
   * Default 0.26: calibrated so that XQuAD-ar (all answerable) loses under 2%
   * of its questions, while most questions about things the articles never
   * mention are declined (see the README's "Measured").
   */
  minCoverage: number;
  /**
   * Weight of the best single sentence's share of the question (terms that
   * stand together in one sentence are stronger evidence). Default 0.5.
   */
  sentenceWeight: number;
  /**
   * Bonus, in mean question-term weights, for a passage holding what the
   * question's kind asks for (a date for متى, a count for كم). Default 0.5.
   */
  kindWeight: number;
  /** How many of the best BM25 passages are re-ranked with the sentence evidence. Default 30. */
  rerank: number;
  /** Score multiplier for passages of the hinted article. Default 1.5. */
  hintBoost: number;
  /** How many other matches come with an answer. Default 2. */
  others: number;
  /** Longest short answer, in characters. Default 300. */
  answerMaxChars: number;
}

export const DEFAULT_OPTIONS: SanadOptions = {
  passages: DEFAULT_PASSAGE_OPTIONS,
  bm25: DEFAULT_BM25,
  paragraphWeight: 0.3,
  titleWeight: 0.4,
  rootWeight: 0.6,
  typos: DEFAULT_TYPO_OPTIONS,
  typoWeight: 0.7,
  minCoverage: 0.26,
  sentenceWeight: 1,
  rerank: 30,
  kindWeight: 0.5,
  hintBoost: 1.5,
  others: 2,
  answerMaxChars: 300,
};

export interface AskOptions {
  /** Id of the article the conversation is about ({@link SourceRef.id}), preferred when it fits about as well. */
  article?: string;
}

/** An article as the engine knows it. */
export interface ArticleInfo extends SourceRef {
  passages: number;
  lang?: string;
  /** Example questions, from the article's front matter, else made from its key phrases. */
  examples: string[];
}

/** What a passage holds that a question's kind may ask for (bit flags). */
const HOLDS_MONTH = 1;
const HOLDS_YEAR = 2;
const HOLDS_COUNT = 4;

interface StoredPassage {
  /** HOLDS_* flags. */
  holds: number;
  text: string;
  article: number;
  paragraph: number; // Global paragraph number.
  index: number;
}

const GREETINGS = new Set(
  'سلام السلام عليكم مرحبا مرحبا اهلا أهلا هلا صباح مساء الخير النور شكرا بارك الله فيك تحية salut bonjour bonsoir coucou merci hello hi hey thanks thank you help aide مساعدة عاونني start'
    .split(' ')
    .map(normalize),
);

export class Sanad {
  readonly options: SanadOptions;
  private readonly articleList: ArticleInfo[];
  private readonly passages: StoredPassage[];
  private readonly body: InvertedIndex;
  private readonly paragraphs: InvertedIndex;
  private readonly titles: InvertedIndex;
  private readonly roots: InvertedIndex;
  private readonly typos: TypoMatcher;
  private readonly lexicon: Lexicon;
  private readonly suggester: Suggester;
  private scratch?: { body: Float64Array; roots: Float64Array; para: Float64Array; title: Float64Array };

  /** Builds an engine over the given articles. */
  static fromArticles(articles: ArticleDoc[], options: Partial<SanadOptions> = {}): Sanad {
    return new Sanad(articles, { ...DEFAULT_OPTIONS, ...options });
  }

  private constructor(docs: ArticleDoc[], options: SanadOptions) {
    this.options = options;
    const cut = docs.map((d) => toPassages(d, options.passages));

    // Pass 1: the stems every word could have, to decide on proclitics (see stem.ts).
    const tokenCache = new Map<string, Token[]>();
    const tok = (text: string) => {
      let t = tokenCache.get(text);
      if (!t) tokenCache.set(text, (t = tokenize(text)));
      return t;
    };
    const known = new Set<string>();
    const words = new Set<string>();
    const collect = (tokens: Token[]) => {
      for (const t of tokens) {
        if (t.kind !== 'word' || words.has(t.text)) continue;
        words.add(t.text);
        const c = candidateStems([t]);
        if (c.length) known.add(c[c.length - 1]);
      }
    };
    docs.forEach((d, i) => {
      collect(tok(d.title));
      for (const p of cut[i]) collect(tok(p.text));
    });
    const lexicon: Lexicon = known;

    // Pass 2: analyse and index.
    const termsFor = (tokens: Token[]): string[] => termsOf(tokens, lexicon).map((t) => t.term);
    const bodyB = new IndexBuilder();
    const paraB = new IndexBuilder();
    const titleB = new IndexBuilder();
    const rootB = new IndexBuilder();
    this.passages = [];
    this.articleList = [];
    let paragraphId = -1;
    docs.forEach((d, a) => {
      titleB.add(termsFor(tok(d.title)));
      let lastPara = -1;
      let paraTerms: string[] = [];
      for (const p of cut[a]) {
        if (p.paragraph !== lastPara) {
          if (lastPara >= 0) paraB.add(paraTerms);
          paraTerms = [];
          lastPara = p.paragraph;
          paragraphId++;
        }
        const analysed = termsOf(tokenize(p.text), lexicon);
        const terms = analysed.map((t) => t.term);
        paraTerms.push(...terms);
        bodyB.add(terms, sentenceNumbers(p.text, analysed));
        rootB.add(analysed.map((t) => (t.kind === 'word' ? skeleton(t.term) : t.term)));
        this.passages.push({ text: p.text, article: a, paragraph: paragraphId, index: p.index, holds: holds(analysed) });
      }
      if (lastPara >= 0) paraB.add(paraTerms);
      this.articleList.push({
        id: d.file,
        title: d.title,
        file: d.file,
        ...(d.url ? { url: d.url } : {}),
        ...(d.date ? { date: d.date } : {}),
        ...(d.lang ? { lang: d.lang } : {}),
        passages: cut[a].length,
        examples: d.examples ?? [],
      });
    });
    this.body = bodyB.build(options.bm25);
    this.paragraphs = paraB.build(options.bm25);
    this.titles = titleB.build(options.bm25);
    this.roots = rootB.build(options.bm25);
    const vocabulary = new Set<string>([...this.body.terms(), ...this.titles.terms()]);
    this.lexicon = vocabulary;
    this.typos = new TypoMatcher(vocabulary, options.typos);
    this.suggester = new Suggester(docs, cut);
    for (const info of this.articleList) {
      if (info.examples.length === 0) info.examples = this.suggester.examplesFor(info.id);
    }
  }

  /** The articles the engine knows, in load order. */
  get articles(): readonly ArticleInfo[] {
    return this.articleList;
  }

  /** How many passages are indexed. */
  get size(): number {
    return this.passages.length;
  }

  /** Answers one question. Never throws on user input. */
  ask(question: string, options: AskOptions = {}): Answer {
    const text = typeof question === 'string' ? question : '';
    const lang = detectLanguage(text);
    const tokens = tokenize(text);
    const base = { question: text, lang, others: [] as Match[] };
    if (tokens.length === 0 || isGreeting(tokens)) {
      return { ...base, kind: 'help', found: false, score: 0 };
    }

    // The question's terms with their weights; unknown words go through the typo matcher.
    const weights = new Map<string, number>();
    let totalWeight = 0;
    const maxIdf = this.body.idf('\u0000');
    for (const t of termsOf(tokens, this.lexicon)) {
      if (weights.has(t.term)) continue;
      const knows = (term: string) => this.body.has(term) || this.titles.has(term);
      if (knows(t.term) || t.kind !== 'word') {
        const idf = knows(t.term) ? this.idf(t.term) : maxIdf;
        totalWeight += idf;
        if (knows(t.term)) weights.set(t.term, idf);
        continue;
      }
      // A word the knowledge never uses: written with a proclitic there (وفرنسا), or misspelt here.
      const attached = procliticForms(t.term).find(knows);
      if (attached) {
        const idf = this.idf(attached);
        totalWeight += idf;
        weights.set(attached, Math.max(weights.get(attached) ?? 0, idf));
        continue;
      }
      const fixes = this.typos.candidates(t.term);
      if (fixes.length === 0) {
        totalWeight += maxIdf;
        continue;
      }
      // Equally close corrections share the word's weight.
      let idf = 0;
      for (const f of fixes) idf = Math.max(idf, this.idf(f.term));
      totalWeight += idf;
      for (const f of fixes) {
        const w = (this.options.typoWeight * this.idf(f.term)) / fixes.length;
        weights.set(f.term, Math.max(weights.get(f.term) ?? 0, w));
      }
    }
    if (weights.size === 0) return { ...base, kind: 'decline', found: false, score: 0 };

    const kind = questionKind(tokens);
    const ranked = this.rank(weights, options.article, kind);
    if (ranked.length === 0) return { ...base, kind: 'decline', found: false, score: 0 };

    const questionNumbers = new Set(tokens.filter((t) => t.kind === 'number').map((t) => t.text));
    const questionWords = new Set(tokens.map((t) => t.text));
    const query = { weights, kind, questionNumbers, questionWords, lexicon: this.lexicon, maxChars: this.options.answerMaxChars };
    const matches: Match[] = ranked.slice(0, 1 + this.options.others).map((r, i) => {
      const p = this.passages[r.id];
      const score = round(Math.min(1, this.coverage(r.id, weights) / totalWeight));
      const base = { passage: p.text, passageId: r.id, source: this.source(p.article), score };
      if (i === 0) return withAnswer(base, pickAnswer(p.text, query));
      // The other matches' short answers are picked only when someone reads them.
      let picked: ReturnType<typeof pickAnswer> | undefined;
      const pick = () => (picked ??= pickAnswer(p.text, query));
      return Object.defineProperties(base, {
        answer: { enumerable: true, get: () => pick().text },
        highlight: { enumerable: true, get: () => pick().highlight },
      }) as Match;
    });
    const [best, ...others] = matches;
    if (best.score < this.options.minCoverage) {
      return { ...base, kind: 'decline', found: false, score: best.score };
    }
    return {
      ...base,
      kind: 'answer',
      found: true,
      best,
      others: others.filter((o) => o.score >= this.options.minCoverage),
      score: best.score,
    };
  }

  /** The passage with this id, with its source, for "the whole passage" buttons. */
  passage(id: number): { text: string; source: SourceRef } | undefined {
    const p = this.passages[id];
    return p && { text: p.text, source: this.source(p.article) };
  }

  /**
   * Up to `limit` suggestions for what a user has typed so far (headlines, key
   * phrases, example questions), fuzzy-matched with Arabic normalisation.
   */
  suggest(prefix: string, limit = 25): string[] {
    return this.suggester.suggest(prefix, limit);
  }

  /** Passages ranked by score for the weighted terms. */
  private rank(weights: Map<string, number>, hint?: string, kind: QuestionKind = 'other'): Array<{ id: number; score: number }> {
    // Scratch score arrays are kept between questions and cleaned through the
    // touched lists: ask() is synchronous, so no two questions share them at once.
    const sc = (this.scratch ??= {
      body: new Float64Array(this.passages.length),
      roots: new Float64Array(this.passages.length),
      para: new Float64Array(this.paragraphs.size),
      title: new Float64Array(this.titles.size),
    });
    const touched: number[] = [];
    const touchedParas: number[] = [];
    const touchedTitles: number[] = [];
    const rootTouched: number[] = [];
    const { paragraphWeight, titleWeight, hintBoost, rootWeight, rerank } = this.options;
    try {
      for (const [term, w] of weights) {
        if (rootWeight > 0) this.roots.accumulate(skeleton(term), w * rootWeight, sc.roots, rootTouched);
        this.body.accumulate(term, w, sc.body, touched);
        this.paragraphs.accumulate(term, w, sc.para, touchedParas);
        this.titles.accumulate(term, w, sc.title, touchedTitles);
      }
      const hinted = hint === undefined ? -1 : this.articleList.findIndex((a) => a.id === hint);
      for (const id of rootTouched) if (sc.body[id] === 0) touched.push(id);
      const top = new TopK(rerank);
      for (const id of touched) {
        const p = this.passages[id];
        let score = sc.body[id] + sc.roots[id] + paragraphWeight * sc.para[p.paragraph] + titleWeight * sc.title[p.article];
        if (p.article === hinted) score *= hintBoost;
        top.offer(id, score);
      }
      const best = top.items();
      // A date question prefers passages with dates, a count question passages with counts.
      const wanted = kind === 'date' ? [HOLDS_MONTH, HOLDS_YEAR] : kind === 'number' ? [HOLDS_COUNT, 0] : [0, 0];
      let mean = 0;
      for (const w of weights.values()) mean += w / weights.size;
      for (const r of best) {
        r.score += this.options.sentenceWeight * this.bestSentence(r.id, weights);
        const h = this.passages[r.id].holds;
        if (h & wanted[0]) r.score += this.options.kindWeight * mean;
        else if (h & wanted[1]) r.score += 0.5 * this.options.kindWeight * mean;
      }
      best.sort((x, y) => y.score - x.score || x.id - y.id);
      return best;
    } finally {
      for (const id of touched) sc.body[id] = 0;
      for (const id of rootTouched) sc.roots[id] = 0;
      for (const id of touchedParas) sc.para[id] = 0;
      for (const id of touchedTitles) sc.title[id] = 0;
    }
  }

  /** The largest weight of question terms that one sentence of a passage holds. */
  private bestSentence(id: number, weights: Map<string, number>): number {
    const perSentence = new Float64Array(32);
    let best = 0;
    for (const [term, w] of weights) {
      let mask = this.body.sentenceMask(term, id);
      while (mask !== 0) {
        const bit = 31 - Math.clz32(mask);
        mask &= ~(1 << bit);
        perSentence[bit] += w;
        if (perSentence[bit] > best) best = perSentence[bit];
      }
    }
    return best;
  }

  /** Sum of the weights of the question terms found in a passage, its paragraph or its headline. */
  private coverage(id: number, weights: Map<string, number>): number {
    const p = this.passages[id];
    let sum = 0;
    for (const [term, w] of weights) {
      if (this.body.tf(term, id) > 0 || this.paragraphs.tf(term, p.paragraph) > 0) sum += w;
      else if (this.titles.tf(term, p.article) > 0) sum += 0.5 * w;
    }
    return sum;
  }

  private idf(term: string): number {
    return this.body.has(term) ? this.body.idf(term) : this.titles.idf(term);
  }

  private source(article: number): SourceRef {
    const { passages: _p, lang: _l, examples: _e, ...ref } = this.articleList[article];
    return ref;
  }
}

function withAnswer<T extends object>(base: T, picked: { text: string; highlight?: Match['highlight'] }): T & Pick<Match, 'answer' | 'highlight'> {
  return { ...base, answer: picked.text, ...(picked.highlight ? { highlight: picked.highlight } : {}) };
}

/** The `k` best (id, score) pairs offered, best first; ties go to the lower id. */
class TopK {
  private readonly list: Array<{ id: number; score: number }> = [];
  constructor(private readonly k: number) {}

  offer(id: number, score: number): void {
    const list = this.list;
    if (list.length >= this.k) {
      const last = list[list.length - 1];
      if (score < last.score || (score === last.score && id > last.id)) return;
    }
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = list[mid];
      if (m.score > score || (m.score === score && m.id < id)) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, { id, score });
    if (list.length > this.k) list.pop();
  }

  items(): Array<{ id: number; score: number }> {
    return this.list;
  }
}

/** The HOLDS_* flags of a passage's terms. */
function holds(terms: Array<{ term: string; kind: string; word: string }>): number {
  let flags = 0;
  for (const t of terms) {
    if (t.kind === 'month') flags |= HOLDS_MONTH;
    else if (t.kind === 'number') {
      const n = Number(t.term);
      flags |= Number.isInteger(n) && n >= 1000 && n <= 2100 && t.term.length === 4 ? HOLDS_YEAR : HOLDS_COUNT;
    }
  }
  return flags;
}

/** For each analysed term, the number of the sentence it stands in. */
function sentenceNumbers(text: string, terms: Array<{ start: number }>): number[] {
  const spans = sentences(text);
  const out: number[] = [];
  let s = 0;
  for (const t of terms) {
    while (s < spans.length - 1 && t.start >= spans[s].end) s++;
    out.push(s);
  }
  return out;
}

function isGreeting(tokens: Token[]): boolean {
  const content = tokens.filter((t) => !GREETINGS.has(t.text));
  if (content.length === tokens.length) return false;
  return content.every((t) => isStop(t.text) || t.text.length < 2);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export type { Lang };
