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
 *    (`src/analysis/`). A word the knowledge never uses is looked for as it
 *    writes it: with another proclitic, as a verb's feminine past (تطورت for
 *    تطور), as two words whose space was lost,
 *    as the MSA for a Darija word (`darija.ts`) or another region's word for
 *    it (`regional.ts`: الشرطة، الأمن), as the closest word it does
 *    use (fuse.js, {@link TypoMatcher}), or through its root's other forms
 *    (before a correction, when the knowledge writes its root: المغاربة is
 *    المغرب, not محاربة).
 *    A verb of general meaning (يمشي، سيذهب، تنتهي: `light-words.ts`)
 *    the knowledge never writes is left out: it neither counts against the
 *    question nor is corrected.
 * 2. BM25 ranks the passages, with the other passages of the paragraph a
 *    passage was cut from, its article's headline and words of the same
 *    root counting for part; the best are re-ranked by how much of the
 *    question one sentence holds and whether they hold what is asked.
 * 3. If the best passage holds too little of the question (idf-weighted
 *    coverage under `minCoverage`, or under `headlessCoverage` when what is
 *    asked is a word the knowledge never writes), the engine declines rather
 *    than guess.
 * 4. The short answer is the passage's sentence that best answers the
 *    question's terms, kind and head, the word after its interrogative
 *    (`answer.ts`, `questionHead`). When the best passage is one of
 *    several cut from one paragraph, the one holding the best short answer leads.
 *
 * An `article` hint (the article a conversation is about) lifts that
 * article's passages by `hintBoost`, so follow-up questions stay on topic.
 */
import type { Answer, ArticleDoc, Lang, Match, SourceRef } from '../types.ts';
import { readToken, scan, type Token } from '../analysis/tokenize.ts';
import { RawTokenTable } from '../analysis/raw-tokens.ts';
import { darijaEquivalents } from '../analysis/darija.ts';
import { regionalEquivalents } from '../analysis/regional.ts';
import { isMonthPairHead, isStop, monthPairTerm, readText, termOfWord } from '../analysis/analyzer.ts';
import { detectLanguage } from '../analysis/language.ts';
import { isLightWord } from '../analysis/light-words.ts';
import { normalize } from '../analysis/normalize.ts';
import { hollowKey, pastTaaForms, procliticForms, skeleton, stemCore, swappedProcliticForms, type Lexicon } from '../analysis/stem.ts';
import { DEFAULT_BM25, IndexBuilder, Scores, type Bm25Params, type InvertedIndex } from './inverted-index.ts';
import { DEFAULT_PASSAGE_OPTIONS, toPassages, type PassageOptions, type RawPassage } from './passages.ts';
import { DEFAULT_TYPO_OPTIONS, TypoMatcher, type TypoOptions } from './typos.ts';
import { answerScoreBound, pickAnswer, type AnswerQuery, type PickedAnswer } from './answer.ts';
import { questionHead, questionKind, type QuestionKind } from './question.ts';
import { Suggester } from './suggest.ts';

export interface SanadOptions {
  /** How paragraphs are cut into passages. */
  passages: PassageOptions;
  /** BM25 parameters. */
  bm25: Bm25Params;
  /** Weight of the question words the paragraph a passage was cut from holds (re-ranking). Default 1. */
  paragraphWeight: number;
  /** Weight of other words of the same root-like key (see `skeleton`) as a question word. Default 0.3. */
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
   * The least share when the question's head (the word after its
   * interrogative: what is asked, عاصمة in ما هي عاصمة فرنسا؟) is a word the
   * knowledge never writes, in any form it looks for. Default 0.4: the rest of
   * the question must be well covered. On the 30 off-topic questions of
   * `bench/off-topic-questions.txt` it declines 4 more (27 instead of 23); on
   * XQuAD-ar it declines 3 more of 1,190 (12 to 15: 1.0% to 1.3%), two of
   * which had been answered from the right passage (one with the right short
   * answer).
   */
  headlessCoverage: number;
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
  /**
   * A question term found in more than this share of the passages only adds
   * to passages its rarer terms found (it cannot bring new ones). Keeps large
   * collections fast. Default 0.02 (at 0.005, passage@1 at 100,000 passages fell from 54% to 47%).
   */
  pruneShare: number;
  /** How many of the best BM25 passages are re-ranked with the sentence evidence. Default 30. */
  rerank: number;
  /** Score multiplier for passages of the hinted article in the first ranking. Default 1.5. */
  hintBoost: number;
  /**
   * The conversation's article is preferred when its best passage holds at
   * least the share of the question the best passage holds, less this. Default 0.1.
   */
  hintMargin: number;
  /** How many other matches come with an answer. Default 2. */
  others: number;
  /** Longest short answer, in characters. Default 300. */
  answerMaxChars: number;
  /**
   * How many questions the engine asks itself once built, made from its own
   * passages, so that the first people to ask do not wait while Node compiles
   * the question path (the first questions of a fresh process take several
   * milliseconds each, later ones a fraction of one, and V8 keeps compiling
   * and re-compiling for a few hundred questions). Pure caches warm up too;
   * no answer changes. Default 600 (part of the build: about 0.35 s at 100,000
   * passages, a few dozen milliseconds on a few articles); 0 turns it off.
   * After 300, V8 was still optimising the answer picker and the ranking's
   * top-k during the first 200 questions of the bench (13 of them over 2 ms).
   */
  warmUp: number;
}

export const DEFAULT_OPTIONS: SanadOptions = {
  passages: DEFAULT_PASSAGE_OPTIONS,
  bm25: DEFAULT_BM25,
  paragraphWeight: 1,
  titleWeight: 0.4,
  rootWeight: 0.3,
  typos: DEFAULT_TYPO_OPTIONS,
  typoWeight: 0.7,
  minCoverage: 0.26,
  headlessCoverage: 0.4,
  sentenceWeight: 1,
  rerank: 30,
  pruneShare: 0.02,
  kindWeight: 0.5,
  hintBoost: 1.5,
  hintMargin: 0.1,
  others: 2,
  answerMaxChars: 300,
  warmUp: 600,
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

/** The longest word {@link Sanad.joinedWords} reads as two. */
const JOINED_MAX = 32;

/** Question words the warm-up questions open with, one of each kind. */
const WARM_UP_OPENERS = ['ما', 'متى', 'كم', 'من', 'أين', 'لماذا'];

const GREETINGS = new Set(
  'سلام السلام عليكم مرحبا مرحبا اهلا أهلا هلا صباح مساء الخير النور شكرا بارك الله فيك تحية salut bonjour bonsoir coucou merci hello hi hey thanks thank you help aide مساعدة عاونني start'
    .split(' ')
    .map(normalize),
);

export class Sanad {
  readonly options: SanadOptions;
  private readonly articleList: ArticleInfo[];
  /** Each article id's place in `articleList` (the first, should two share an id). */
  private readonly articleIndex = new Map<string, number>();
  private readonly texts: string[];
  /** Per passage: its article, its paragraph's first and last passage, its HOLDS_* flags. */
  private readonly articleOf: Uint32Array;
  /** Per article: its first passage (its passages are consecutive); one more entry, the passage count. */
  private readonly articleFirst: Uint32Array;
  private readonly paraFirst: Uint32Array;
  private readonly paraLast: Uint32Array;
  private readonly holds: Uint8Array;
  private readonly body: InvertedIndex;
  private readonly titles: InvertedIndex;
  private readonly lexicon: Lexicon;
  private readonly docs: ArticleDoc[];
  private readonly cut: RawPassage[][];
  private readonly typos: TypoMatcher;
  private suggesterCache?: Suggester;
  private readonly rootGroups: Map<string, string[]>;
  /** Scores of the question being ranked, kept between questions (see {@link Scores}). */
  private scratch?: { body: Scores; title: Scores };

  /** Builds an engine over the given articles. */
  static fromArticles(articles: ArticleDoc[], options: Partial<SanadOptions> = {}): Sanad {
    const engine = new Sanad(articles, { ...DEFAULT_OPTIONS, ...options });
    engine.warmUp(engine.options.warmUp);
    return engine;
  }

  /**
   * Asks `count` questions made from passages spread over the knowledge (a
   * question word and the first words of the passage), of each kind in turn,
   * and forgets the answers (see {@link SanadOptions.warmUp}).
   */
  private warmUp(count: number): void {
    const n = this.texts.length;
    for (let i = 0; i < count && n > 0; i++) {
      const text = this.texts[Math.floor(((i + 0.5) * n) / count) % n];
      this.ask(`${WARM_UP_OPENERS[i % WARM_UP_OPENERS.length]} ${text.split(/\s+/, 8).join(' ')}؟`);
    }
  }

  private constructor(docs: ArticleDoc[], options: SanadOptions) {
    this.options = options;
    this.docs = docs;
    const cut = (this.cut = docs.map((d) => toPassages(d, options.passages)));

    // Pass 1: every title and passage as ids of normalised words, with sentence numbers, in flat buffers.
    const corpus = readAll([...docs.map((d) => d.title), ...cut.flatMap((ps) => ps.map((p) => p.text))]);
    const { words, numbers } = corpus;

    // The stems the knowledge uses, to decide on proclitics (see stem.ts): each word's stem as
    // written (the last of its `stemCandidates`); then each word's term.
    const known = new Set<string>();
    words.forEach((w, i) => {
      if (!numbers[i] && !isStop(w)) known.add(stemCore(w));
    });
    const termOf = words.map((w, i) => termOfWord(w, numbers[i] ? 'number' : 'word', known));
    const pairHead = words.map((w, i) => !numbers[i] && isMonthPairHead(w));

    // Pass 2: index. Each text's words become term ids of the builder it goes to.
    // (A body text's terms are at most its words: room for them all at first.)
    const bodyB = new IndexBuilder(corpus.offsets[corpus.offsets.length - 1] - corpus.offsets[docs.length]);
    const titleB = new IndexBuilder();
    // Each word's term id in each builder, found once (-2: not looked up yet; -1: a stop word).
    const wordFlags = termOf.map((t) => (t ? holdsFlag(t.term, t.kind) : 0));
    const termIds = new Map<IndexBuilder, Int32Array>();
    // One text's term ids and sentence numbers, written into buffers reused from text to text.
    let idBuffer = new Int32Array(4096);
    let whereBuffer = new Uint8Array(4096);
    const toIds = (builder: IndexBuilder, text: number) => {
      let known = termIds.get(builder);
      if (!known) termIds.set(builder, (known = new Int32Array(words.length).fill(-2)));
      const start = corpus.offsets[text];
      const end = corpus.offsets[text + 1];
      if (end - start > idBuffer.length) {
        idBuffer = new Int32Array(end - start);
        whereBuffer = new Uint8Array(end - start);
      }
      let length = 0;
      let flags = 0;
      for (let i = start; i < end; i++) {
        const w = corpus.ids[i];
        const pair = pairHead[w] && i + 1 < end && !numbers[corpus.ids[i + 1]] ? monthPairTerm(words[w], words[corpus.ids[i + 1]]) : undefined;
        let tid: number;
        if (pair !== undefined) {
          tid = builder.intern(pair);
          flags |= HOLDS_MONTH;
        } else {
          tid = known[w];
          if (tid === -2) {
            const t = termOf[w];
            tid = known[w] = t ? builder.intern(t.term) : -1;
          }
          if (tid < 0) continue;
          flags |= wordFlags[w];
        }
        idBuffer[length] = tid;
        whereBuffer[length] = corpus.sentences[i];
        length++;
        if (pair !== undefined) i++;
      }
      return { ids: idBuffer, where: whereBuffer, length, flags };
    };
    const n = cut.reduce((k, ps) => k + ps.length, 0);
    this.texts = new Array<string>(n);
    this.articleOf = new Uint32Array(n);
    this.articleFirst = new Uint32Array(docs.length + 1);
    this.paraFirst = new Uint32Array(n);
    this.paraLast = new Uint32Array(n);
    this.holds = new Uint8Array(n);
    this.articleList = [];
    let id = 0;
    docs.forEach((d, a) => {
      this.articleFirst[a] = id;
      const title = toIds(titleB, a);
      titleB.addIds(title.ids, 0, title.length);
      const ps = cut[a];
      ps.forEach((p, k) => {
        const { ids, where, length, flags } = toIds(bodyB, docs.length + id);
        bodyB.addIds(ids, 0, length, where);
        this.texts[id] = p.text;
        this.articleOf[id] = a;
        this.holds[id] = flags;
        // Passages of one paragraph are consecutive.
        this.paraFirst[id] = k > 0 && ps[k - 1].paragraph === p.paragraph ? this.paraFirst[id - 1] : id;
        id++;
      });
      for (let j = id - 1; j >= id - ps.length; j--) {
        this.paraLast[j] = j + 1 < id && this.paraFirst[j + 1] === this.paraFirst[j] ? this.paraLast[j + 1] : j;
      }
      const entry = new ArticleEntry(d, ps.length, this);
      if (!this.articleIndex.has(entry.id)) this.articleIndex.set(entry.id, a);
      this.articleList.push(entry);
    });
    this.articleFirst[docs.length] = id;
    this.body = bodyB.build(options.bm25);
    this.titles = titleB.build(options.bm25);
    this.lexicon = vocabularyOf(this.body, this.titles);
    this.rootGroups = rootGroupsOf(this.body);
    // The typo matcher's buckets are made now, so that no question waits for them.
    this.typos = new TypoMatcher([...this.body.terms(), ...this.titles.terms()], options.typos);
  }

  /** Suggestions and made-up example questions, built when first needed. @internal */
  get suggester(): Suggester {
    return (this.suggesterCache ??= new Suggester(this.docs, this.cut));
  }

  /** The articles the engine knows, in load order. */
  get articles(): readonly ArticleInfo[] {
    return this.articleList;
  }

  /** How many passages are indexed. */
  get size(): number {
    return this.texts.length;
  }

  /** Answers one question. Never throws on user input. */
  ask(question: string, options: AskOptions = {}): Answer {
    const text = typeof question === 'string' ? question : '';
    const lang = detectLanguage(text);
    // Read as the answer picker reads passages (tokens and terms in one pass, each spelling remembered):
    // a question's words are often words of passages read before.
    const { tokens, terms: questionTerms } = readText(text, this.lexicon);
    const base = { question: text, lang, others: [] as Match[] };
    if (tokens.length === 0 || isGreeting(tokens)) {
      return { ...base, kind: 'help', found: false, score: 0 };
    }

    // The question's terms with their weights; unknown words go through the typo matcher.
    const weights = new Map<string, number>();
    const unresolved = new Set<string>();
    let totalWeight = 0;
    const maxIdf = this.body.idf('\u0000');
    /** A term the knowledge writes, standing for one question word: its idf counts in full. */
    const addKnown = (term: string) => {
      const idf = this.idf(term);
      totalWeight += idf;
      weights.set(term, Math.max(weights.get(term) ?? 0, idf));
    };
    for (const t of questionTerms) {
      if (weights.has(t.term)) continue;
      if (this.knows(t.term)) {
        addKnown(t.term);
        continue;
      }
      // A number or a month the knowledge never writes: it counts against the question.
      if (t.kind !== 'word') {
        totalWeight += maxIdf;
        continue;
      }
      // A word the knowledge never uses: written with a proclitic there (وفرنسا), or misspelt here.
      const attached = this.attachedForm(t.term, t.word);
      if (attached) {
        addKnown(attached);
        continue;
      }
      // Two words with the space before the article lost (تشتهرالبلد).
      const parts = this.joinedWords(t.word);
      if (parts) {
        parts.forEach(addKnown);
        continue;
      }
      // A Darija word the articles write in MSA (البوليس for الشرطة), another region's word (الشرطة
      // for الأمن), misspelt, or another form of a root the knowledge writes otherwise (زار for زيارة).
      let fixes = this.equivalentTerms(t.term).map((term) => ({ term, score: 0 }));
      if (fixes.length === 0) {
        // A verb of general meaning (يمشي، سيذهب، بغا) the knowledge never writes, in
        // any form: the words around it carry the question, so it neither counts against it nor is
        // corrected (light-words.ts).
        if (isLightWord(t.word)) continue;
        // A word fuse.js would correct to one word and whose root-like key another has (مغاربة: محارب
        // or مغرب) is taken for the other form of that root.
        fixes = this.typos.candidates(t.term);
        const same = fixes.length > 0 ? this.sameRoot(t.term) : [];
        if (same.length > 0) fixes = same.map((term) => ({ term, score: 0 }));
      }
      if (fixes.length === 0) fixes = this.rootForms(t.term).map((term) => ({ term, score: 0 }));
      if (fixes.length === 0) {
        totalWeight += maxIdf;
        unresolved.add(t.term);
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
    const terms = this.resolve(weights);
    const ranked = this.rank(terms, options.article, kind);
    if (ranked.length === 0) return { ...base, kind: 'decline', found: false, score: 0 };
    this.preferHinted(ranked, terms, options.article);

    const questionNumbers = new Set(tokens.filter((t) => t.kind === 'number').map((t) => t.text));
    const questionWords = new Set(tokens.map((t) => t.text));
    // The question's head: its first known word after the interrogative it opens with.
    const headAt = questionHead(tokens);
    const headTerm = headAt < 0 ? undefined : questionTerms.find((t) => t.start >= headAt)?.term;
    const head = headTerm !== undefined && weights.has(headTerm) ? headTerm : undefined;
    // What is asked (عاصمة in ما هي عاصمة فرنسا؟) is a word the knowledge never writes, in any form.
    const headless = headTerm !== undefined && unresolved.has(headTerm);
    const query = { weights, kind, questionNumbers, questionWords, head, lexicon: this.lexicon, maxChars: this.options.answerMaxChars };
    const first = this.bestOfParagraph(ranked, query);
    const matches: Match[] = ranked.slice(0, 1 + this.options.others).map((r, i) => {
      const text = this.texts[r.id];
      const score = round(Math.min(1, this.coverage(r.id, terms) / totalWeight));
      const base = { passage: text, passageId: r.id, source: this.source(this.articleOf[r.id]), score };
      if (i === 0) return withAnswer(base, first);
      // The other matches' short answers are picked only when someone reads them.
      return withLazyAnswer(base, text, query);
    });
    const [best, ...others] = matches;
    if (best.score < (headless ? this.options.headlessCoverage : this.options.minCoverage)) {
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
    if (!Number.isInteger(id) || id < 0 || id >= this.texts.length) return undefined;
    return { text: this.texts[id], source: this.source(this.articleOf[id]) };
  }

  /**
   * Up to `limit` suggestions for what a user has typed so far (headlines, key
   * phrases, example questions), fuzzy-matched with Arabic normalisation.
   */
  suggest(prefix: string, limit = 25): string[] {
    return this.suggester.suggest(prefix, limit);
  }

  /** The question's weighted terms resolved against the indexes, in the weights' order. */
  private resolve(weights: Map<string, number>): QueryTerm[] {
    const terms: QueryTerm[] = [];
    for (const [term, weight] of weights) {
      const id = this.body.termId(term);
      const siblings = this.siblings(term).map((t) => this.body.termId(t));
      terms.push({ term, weight, id, titleId: this.titles.termId(term), df: this.body.dfAt(id), siblings });
    }
    return terms;
  }

  /** Passages ranked by score for the weighted terms. */
  private rank(terms: QueryTerm[], hint?: string, kind: QuestionKind = 'other'): Array<{ id: number; score: number }> {
    // Scratch score arrays are kept between questions and cleaned through the
    // touched lists: ask() is synchronous, so no two questions share them at once.
    const sc = (this.scratch ??= { body: new Scores(this.texts.length), title: new Scores(this.titles.size) });
    const { body, title } = sc;
    const { paragraphWeight, titleWeight, hintBoost, rootWeight, rerank, pruneShare } = this.options;
    // Rare terms first: a term in more than `pruneShare` of the passages, or any term once the rarer
    // ones have found `common` passages, only adds to passages already found.
    const common = Math.max(64, pruneShare * this.texts.length);
    const byDf = [...terms].sort((x, y) => x.df - y.df);
    const onlyFound = (df: number) => body.count > 0 && (df > common || body.count >= common);
    try {
      for (const { term, weight, id, titleId, df, siblings } of byDf) {
        this.body.accumulate(id, weight, body, onlyFound(df));
        this.titles.accumulate(titleId, weight, title);
        // Words of the same root (استقبل، استقبال) count for part of the word, each with its own idf.
        // (A common word's relatives are common too, and say little.)
        if (rootWeight > 0 && df <= common) {
          const share = (rootWeight * weight) / this.idf(term);
          for (const sibling of siblings) {
            if (!asked(terms, sibling)) this.body.accumulate(sibling, share, body, onlyFound(this.body.dfAt(sibling)));
          }
        }
      }
      // The headline's part, and the boost of the hinted article, go into the scores of the touched
      // passages of the articles concerned (the same sums as adding them passage by passage), so
      // that the loop over every touched passage reads one array.
      for (let k = 0; k < title.count; k++) {
        const a = title.touched[k];
        body.addInRange(this.articleFirst[a], this.articleFirst[a + 1], titleWeight * title.values[k]);
      }
      const hinted = this.articleNumber(hint);
      if (hinted >= 0) body.multiplyInRange(this.articleFirst[hinted], this.articleFirst[hinted + 1], hintBoost);
      const best = bestScored(body, rerank);
      // A date question prefers passages with dates, a count question passages with counts.
      const wanted = kind === 'date' ? [HOLDS_MONTH, HOLDS_YEAR] : kind === 'number' ? [HOLDS_COUNT, 0] : [0, 0];
      let mean = 0;
      for (const t of terms) mean += t.weight / terms.length;
      const { sentence, paragraph } = this.evidence(best, terms);
      for (let i = 0; i < best.length; i++) {
        const r = best[i];
        let more = this.options.sentenceWeight * sentence[i];
        // The paragraph a passage was cut from: the question's words it holds count for part.
        more += paragraphWeight * paragraph[i];
        const h = this.holds[r.id];
        if (h & wanted[0]) more += this.options.kindWeight * mean;
        else if (h & wanted[1]) more += 0.5 * this.options.kindWeight * mean;
        r.score += more;
      }
      best.sort((x, y) => y.score - x.score || x.id - y.id);
      return best;
    } finally {
      body.clear();
      title.clear();
    }
  }

  /**
   * When the best passage is one of several cut from a paragraph, the one of
   * them holding the best short answer leads (the ranking weighs passages; the
   * answer picker reads their sentences with their neighbours). Returns the
   * leading passage's short answer.
   */
  private bestOfParagraph(ranked: Array<{ id: number; score: number }>, query: AnswerQuery): PickedAnswer {
    const top = ranked[0];
    let picked = pickAnswer(this.texts[top.id], query);
    let lead = top.id;
    for (let j = this.paraFirst[top.id]; j <= this.paraLast[top.id]; j++) {
      if (j === top.id) continue;
      // Reading a passage's sentences costs far more than asking the index what it holds.
      if (answerScoreBound(query, (term) => this.holdsForm(j, term)) <= picked.score) continue;
      const other = pickAnswer(this.texts[j], query);
      if (other.score > picked.score) {
        picked = other;
        lead = j;
      }
    }
    if (lead !== top.id) {
      const at = ranked.findIndex((r) => r.id === lead);
      if (at > 0) ranked.splice(at, 1);
      ranked.unshift({ id: lead, score: top.score });
    }
    return picked;
  }

  /**
   * Whether passage `id` may hold `term` or another form of its root (as the
   * answer picker reads it): true unless the index says it holds none of them.
   */
  private holdsForm(id: number, term: string): boolean {
    if (this.body.tfAt(this.body.termId(term), id) > 0) return true;
    const group = this.rootGroups.get(skeleton(term));
    if (!group) return false;
    // A full group may have been cut to its rarest members (see rootGroupsOf): anything may be left out.
    if (group.length >= ROOT_GROUP_MAX) return true;
    return group.some((form) => this.body.tfAt(this.body.termId(form), id) > 0);
  }

  /**
   * The conversation's article first when its best passage holds about as much
   * of the question as the best passage overall (within `hintMargin`): a vague
   * follow-up stays on topic, a question that names another article does not.
   */
  private preferHinted(ranked: Array<{ id: number; score: number }>, terms: QueryTerm[], hint?: string): void {
    if (hint === undefined) return;
    const a = this.articleNumber(hint);
    const at = ranked.findIndex((r) => this.articleOf[r.id] === a);
    if (at <= 0) return;
    if (this.coverage(ranked[at].id, terms) >= this.coverage(ranked[0].id, terms) - this.options.hintMargin * sum(terms)) {
      ranked.unshift(...ranked.splice(at, 1));
    }
  }

  /** The place of the article with this id in `articleList`, or -1. */
  private articleNumber(id: string | undefined): number {
    return id === undefined ? -1 : (this.articleIndex.get(id) ?? -1);
  }

  /** Other terms of the knowledge with the same root-like key as `term` (see `skeleton`), the rarest 3. */
  private siblings(term: string): string[] {
    const group = this.rootGroups.get(skeleton(term));
    return group ? group.filter((t) => t !== term).slice(0, 3) : [];
  }

  /**
   * The form in which the knowledge writes a word it never writes as asked:
   * with a proclitic attached (فرنسا → وفرنسا), with another one in place
   * of the question's (Darija writes ف for في: فباريس → بباريس), or, for a
   * verb, with the feminine past ending (تطور → تطورت).
   */
  private attachedForm(term: string, word: string): string | undefined {
    const known = (form: string) => this.knows(form);
    return procliticForms(term).find(known) ?? swappedProcliticForms(term).find(known) ?? pastTaaForms(term, word).find(known);
  }

  /**
   * The terms of a normalised word that is two words with the space before
   * the second one's article lost (تشتهرالبلد → تشتهر، بلد; ماهيالعاصمة → عاصم),
   * when the knowledge writes what they are; undefined when it is not that.
   */
  private joinedWords(word: string): string[] | undefined {
    // Two words are seldom longer than this; a longer "word" is not read piece by piece (each
    // piece is a reading of the text: a long run of letters would cost its length squared).
    if (word.length > JOINED_MAX) return undefined;
    for (let at = word.indexOf('ال', 2); at > 0 && word.length - at >= 4; at = word.indexOf('ال', at + 1)) {
      const first = readText(word.slice(0, at), this.lexicon).terms;
      const second = readText(word.slice(at), this.lexicon).terms;
      if (second.length !== 1 || first.length > 1) continue;
      const found = [...first, ...second].map((t) => t.term);
      if (found.every((t) => this.knows(t))) return found;
    }
    return undefined;
  }

  /**
   * The terms the knowledge writes of the words that stand for a word: the MSA
   * for a Darija word (`darija.ts`), another region's word (`regional.ts`);
   * each as written, else in another form of its root.
   */
  private equivalentTerms(term: string): string[] {
    const out: string[] = [];
    for (const word of equivalents(term)) {
      for (const t of readText(word, this.lexicon).terms) {
        // An equivalent the knowledge writes in another form of its root (عيط → اتصل → the article's الاتصال).
        const found = this.knows(t.term) ? [t.term] : this.sameRoot(t.term);
        for (const f of found) if (!out.includes(f)) out.push(f);
      }
    }
    return out;
  }

  /**
   * The terms of the knowledge with the root-like key of a word it never
   * writes (مغاربة → مغرب), the rarest 3: the group of that key, or the key
   * itself when the knowledge writes it bare and nothing else has it.
   */
  private sameRoot(term: string): string[] {
    const same = this.siblings(term);
    if (same.length > 0) return same;
    const key = skeleton(term);
    return key !== term && this.body.has(key) ? [key] : [];
  }

  /**
   * Other forms of the root of a word the knowledge never writes: those of its
   * root-like key, else those of its hollow root (زار, when the knowledge
   * writes زيارة), the rarest 3. Not the bare key that {@link sameRoot}
   * offers beside a typo correction: alone, it says too little (أحضر in
   * كيف أحضر الكسكس؟ would meet the حضر of "attended").
   */
  private rootForms(term: string): string[] {
    const same = this.siblings(term);
    if (same.length > 0) return same;
    const key = hollowKey(term);
    return key === undefined ? [] : (this.rootGroups.get(key) ?? []).slice(0, 3);
  }

  /**
   * For each passage of `ranked`: the largest weight of question terms that
   * one of its sentences holds, and the weight of those its paragraph holds.
   * Term by term, each term's postings walked once for all the passages (in
   * id order). (Scratch arrays, overwritten by the next call.)
   */
  private evidence(ranked: ReadonlyArray<{ id: number }>, terms: QueryTerm[]): { sentence: Float64Array; paragraph: Float64Array } {
    const n = ranked.length;
    if (this.ev.sentence.length < n) this.ev = evidenceScratch(n);
    const { perSentence, sentence, paragraph, order, ids, firsts, lasts, masks, found } = this.ev;
    perSentence.fill(0, 0, 8 * n);
    sentence.fill(0, 0, n);
    paragraph.fill(0, 0, n);
    // The passages in id order (insertion sort: a few dozen).
    for (let i = 0; i < n; i++) {
      let k = i;
      while (k > 0 && ranked[order[k - 1]].id > ranked[i].id) {
        order[k] = order[k - 1];
        k--;
      }
      order[k] = i;
    }
    for (let k = 0; k < n; k++) {
      ids[k] = ranked[order[k]].id;
      firsts[k] = this.paraFirst[ids[k]];
      lasts[k] = this.paraLast[ids[k]];
    }
    for (const t of terms) {
      if (t.id < 0) continue;
      this.body.rangeMasks(t.id, ids, firsts, lasts, n, masks, found);
      for (let k = 0; k < n; k++) {
        const i = order[k];
        if (found[k]) paragraph[i] += t.weight;
        let mask = masks[k];
        while (mask !== 0) {
          const bit = 31 - Math.clz32(mask);
          mask &= ~(1 << bit);
          perSentence[8 * i + bit] += t.weight;
          if (perSentence[8 * i + bit] > sentence[i]) sentence[i] = perSentence[8 * i + bit];
        }
      }
    }
    return { sentence, paragraph };
  }

  /** Scratch of {@link evidence}. */
  private ev = evidenceScratch(0);

  /** Whether the paragraph passage `id` was cut from holds the body term `termId`. */
  private inParagraph(termId: number, id: number): boolean {
    for (let j = this.paraFirst[id]; j <= this.paraLast[id]; j++) if (this.body.tfAt(termId, j) > 0) return true;
    return false;
  }

  /** Sum of the weights of the question terms found in a passage, its paragraph or its headline. */
  private coverage(id: number, terms: QueryTerm[]): number {
    let sum = 0;
    for (const t of terms) {
      if (this.inParagraph(t.id, id)) sum += t.weight;
      else if (this.titles.tfAt(t.titleId, this.articleOf[id]) > 0) sum += 0.5 * t.weight;
      // Another form of the same root (مراحل for مرحلة) holds part of the word.
      else if (this.options.rootWeight > 0 && t.siblings.some((s) => this.inParagraph(s, id))) sum += this.options.rootWeight * t.weight;
    }
    return sum;
  }

  /** Whether the knowledge uses `term` (in a passage or a headline). */
  private knows(term: string): boolean {
    return this.body.has(term) || this.titles.has(term);
  }

  private idf(term: string): number {
    return this.body.has(term) ? this.body.idf(term) : this.titles.idf(term);
  }

  private source(article: number): SourceRef {
    const { id, title, file, url, date } = this.articleList[article];
    return { id, title, file, ...(url ? { url } : {}), ...(date ? { date } : {}) };
  }
}

function withAnswer<T extends object>(base: T, picked: { text: string; highlight?: Match['highlight'] }): T & Pick<Match, 'answer' | 'highlight'> {
  return { ...base, answer: picked.text, ...(picked.highlight ? { highlight: picked.highlight } : {}) };
}

/**
 * A match whose short answer is picked from `text` only when `answer` or
 * `highlight` is first read (most callers read the best match's only). Both
 * are enumerable own getters, so the match prints and serialises like one
 * built with its answer. (Getters of an object literal: a match costs no
 * `defineProperties` and no named closures.)
 */
function withLazyAnswer(base: Omit<Match, 'answer' | 'highlight'>, text: string, query: AnswerQuery): Match {
  let picked: PickedAnswer | undefined;
  return {
    ...base,
    get answer() {
      return (picked ??= pickAnswer(text, query)).text;
    },
    get highlight() {
      return (picked ??= pickAnswer(text, query)).highlight;
    },
  };
}

/**
 * Scratch of `Sanad.evidence` for `n` passages: per passage, the weight each
 * of its 8 sentences holds, the results; the passages in id order with their
 * paragraphs, and one term's masks and finds.
 */
function evidenceScratch(n: number) {
  return {
    perSentence: new Float64Array(8 * n),
    sentence: new Float64Array(n),
    paragraph: new Float64Array(n),
    order: new Int32Array(n),
    ids: new Int32Array(n),
    firsts: new Int32Array(n),
    lasts: new Int32Array(n),
    masks: new Uint8Array(n),
    found: new Uint8Array(n),
  };
}

/** A question term resolved against the indexes once, for the per-passage lookups. */
interface QueryTerm {
  term: string;
  weight: number;
  /** Its ids in the body and headline indexes (-1: not there), and its df in the body. */
  id: number;
  titleId: number;
  df: number;
  /** Body ids of other terms of the same root (see `siblings`). */
  siblings: number[];
}

/** Whether the body term `id` is one of the question's terms. */
function asked(terms: QueryTerm[], id: number): boolean {
  for (const t of terms) if (t.id === id) return true;
  return false;
}

/** The `k` touched documents of `scores` with the highest scores, best first (ties: the lower id). */
function bestScored(scores: Scores, k: number): Array<{ id: number; score: number }> {
  const { values, touched, count } = scores;
  if (topScratch?.k !== k) topScratch = new TopK(k);
  const top = topScratch;
  top.reset();
  let floor = -Infinity;
  for (let i = 0; i < count; i++) {
    if (values[i] < floor) continue;
    top.offer(touched[i], values[i]);
    floor = top.floor;
  }
  return top.items();
}

/** The {@link TopK} of {@link bestScored}, kept from call to call (the engine is synchronous). */
let topScratch: TopK | undefined;

/** The `k` best (id, score) pairs offered, best first; ties go to the lower id. */
class TopK {
  // A binary heap of the kept pairs with the worst on top, in two parallel arrays (no object per
  // offer: a question offers thousands). A better offer replaces the worst in O(log k).
  private readonly ids: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;
  /** Offers scoring below this are turned down: the worst score kept once `k` are kept. */
  floor = -Infinity;
  constructor(readonly k: number) {
    this.ids = new Int32Array(k);
    this.scores = new Float64Array(k);
  }

  /** Forgets every pair offered. */
  reset(): void {
    this.size = 0;
    this.floor = -Infinity;
  }

  offer(id: number, score: number): void {
    if (this.k === 0) return;
    if (this.size < this.k) {
      this.siftUp(this.size++, id, score);
    } else {
      if (!better(id, score, this.ids[0], this.scores[0])) return;
      this.siftDown(id, score);
    }
    if (this.size === this.k) this.floor = this.scores[0];
  }

  /** The pairs kept, best first. Empties the heap: the worst is taken off the top until none is left. */
  items(): Array<{ id: number; score: number }> {
    const out = new Array<{ id: number; score: number }>(this.size);
    const { ids, scores } = this;
    while (this.size > 0) {
      const last = --this.size;
      out[last] = { id: ids[0], score: scores[0] };
      if (last > 0) this.siftDown(ids[last], scores[last]);
    }
    this.floor = -Infinity;
    return out;
  }

  /** Puts (id, score) at `at` and moves it up past the better parents. */
  private siftUp(at: number, id: number, score: number): void {
    const { ids, scores } = this;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!better(ids[parent], scores[parent], id, score)) break;
      ids[at] = ids[parent];
      scores[at] = scores[parent];
      at = parent;
    }
    ids[at] = id;
    scores[at] = score;
  }

  /** Puts (id, score) in place of the worst and moves it down past the worse children. */
  private siftDown(id: number, score: number): void {
    const { ids, scores, size } = this;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && better(ids[child], scores[child], ids[child + 1], scores[child + 1])) child++;
      if (!better(id, score, ids[child], scores[child])) break;
      ids[at] = ids[child];
      scores[at] = scores[child];
      at = child;
    }
    ids[at] = id;
    scores[at] = score;
  }
}

/** Whether (a, aScore) ranks before (b, bScore): the higher score, or the lower id on a tie. */
function better(a: number, aScore: number, b: number, bScore: number): boolean {
  return aScore > bScore || (aScore === bScore && a < b);
}

/** An article as the engine tells of it; its example questions are made when first asked for. */
class ArticleEntry implements ArticleInfo {
  readonly id: string;
  readonly title: string;
  readonly file: string;
  readonly url?: string;
  readonly date?: string;
  readonly lang?: string;
  private exampleList?: string[];

  // The engine, not a closure: a closure made in the engine's constructor would keep the whole build alive.
  constructor(
    private readonly doc: ArticleDoc,
    readonly passages: number,
    private readonly engine: Sanad,
  ) {
    this.id = doc.file;
    this.title = doc.title;
    this.file = doc.file;
    if (doc.url) this.url = doc.url;
    if (doc.date) this.date = doc.date;
    if (doc.lang) this.lang = doc.lang;
    if (doc.examples?.length) this.exampleList = doc.examples;
  }

  get examples(): string[] {
    return (this.exampleList ??= this.engine.suggester.examplesFor(this.doc.file, this.doc));
  }
}

/** Texts as one flat run of word ids (each text's run between two offsets), with sentence numbers. */
interface ReadTexts {
  words: string[];
  numbers: boolean[];
  ids: Int32Array;
  sentences: Uint8Array;
  offsets: Uint32Array;
}

/**
 * Reads every text once (`scan` + normalisation), giving each distinct raw
 * token a word id. Raw forms are remembered locally, so each is normalised once
 * (with `readToken`: the memo of `normalizeToken` would only cost here).
 */
function readAll(texts: string[]): ReadTexts {
  const raws = new RawTokenTable();
  const wordIds = new Map<string, number>();
  const words: string[] = [];
  const numbers: boolean[] = [];
  let ids = new Int32Array(1 << 16);
  let sentences = new Uint8Array(1 << 16);
  let length = 0;
  const offsets = new Uint32Array(texts.length + 1);
  texts.forEach((text, t) => {
    offsets[t] = length;
    scan(text, (start, end, isNumber, sentence) => {
      // (A "word" of 65,536 characters or more is read afresh each time: the table keeps lengths in 16 bits.)
      const long = end - start > RawTokenTable.MAX_LENGTH;
      let id = long ? undefined : raws.get(text, start, end);
      if (id === undefined) {
        const word = readToken(text.slice(start, end), isNumber);
        id = word ? wordIds.get(word) : -1;
        if (id === undefined) {
          id = words.length;
          wordIds.set(word, id);
          words.push(word);
          numbers.push(isNumber);
        }
        if (!long) raws.set(text, start, end, id);
      }
      if (id < 0) return;
      if (length === ids.length) {
        const moreIds = new Int32Array(ids.length * 2);
        moreIds.set(ids);
        ids = moreIds;
        const moreSentences = new Uint8Array(sentences.length * 2);
        moreSentences.set(sentences);
        sentences = moreSentences;
      }
      ids[length] = id;
      sentences[length] = sentence > 255 ? 255 : sentence;
      length++;
    });
  });
  offsets[texts.length] = length;
  return { words, numbers, ids, sentences, offsets };
}

/** The most terms a root group keeps (its rarest). */
const ROOT_GROUP_MAX = 9;

/**
 * The terms of the index grouped by their root-like key (see `skeleton`), for
 * terms whose key differs from themselves; a term that is its own key joins
 * its group. The terms of a hollow root are grouped too, under their
 * `hollowKey` (زار، زيار). Rarest first, at most {@link ROOT_GROUP_MAX} a group.
 */
function rootGroupsOf(body: InvertedIndex): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  const add = (k: string, t: string) => {
    const g = groups.get(k);
    if (g) g.push(t);
    else groups.set(k, [t]);
  };
  for (const t of body.terms()) {
    const k = skeleton(t);
    if (k !== t) add(k, t);
    const hollow = hollowKey(t);
    if (hollow !== undefined) add(hollow, t);
  }
  for (const [k, g] of groups) {
    if (body.has(k)) g.push(k);
    g.sort((x, y) => body.df(x) - body.df(y));
    if (g.length > ROOT_GROUP_MAX) g.length = ROOT_GROUP_MAX;
  }
  return groups;
}

/**
 * The terms of the knowledge, as a lexicon for query-time stemming. (Made
 * outside the constructor so that the closure keeps nothing of the build alive.)
 */
function vocabularyOf(body: InvertedIndex, titles: InvertedIndex): Lexicon {
  return { has: (t: string) => body.has(t) || titles.has(t) };
}

/** The HOLDS_* flag of one term. */
function holdsFlag(term: string, kind: string): number {
  if (kind === 'month') return HOLDS_MONTH;
  if (kind !== 'number') return 0;
  const n = Number(term);
  return Number.isInteger(n) && n >= 1000 && n <= 2100 && term.length === 4 ? HOLDS_YEAR : HOLDS_COUNT;
}

function isGreeting(tokens: Token[]): boolean {
  const content = tokens.filter((t) => !GREETINGS.has(t.text));
  if (content.length === tokens.length) return false;
  return content.every((t) => isStop(t.text) || t.text.length < 2);
}

function sum(terms: QueryTerm[]): number {
  let total = 0;
  for (const t of terms) total += t.weight;
  return total;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export type { Lang };

/** The words that stand for a question word: the MSA for a Darija word, other regions' words. */
function equivalents(term: string): readonly string[] {
  const darija = darijaEquivalents(term);
  const regional = regionalEquivalents(term);
  return darija && regional ? [...darija, ...regional] : (darija ?? regional ?? []);
}
