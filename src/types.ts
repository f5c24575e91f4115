/**
 * The shapes that cross module boundaries in Sanad's core.
 *
 * The loader (`src/knowledge/`) turns files into {@link ArticleDoc}s; the engine
 * (`src/engine/`) cuts them into {@link Passage}s, indexes them and answers
 * questions with an {@link Answer}. Adapters only ever see `Answer`.
 */

/** A language Sanad can talk to its users in. */
export type Lang = 'ar' | 'fr' | 'en';

/** One article as read from `knowledge/`, before it is cut into passages. */
export interface ArticleDoc {
  /** The headline. */
  title: string;
  /** The file it came from, relative to the knowledge folder (e.g. `qatar.ar.md`). */
  file: string;
  /** Where the article was published, when known. */
  url?: string;
  /** The publisher or publication, when known (front matter `source`). */
  source?: string;
  /** Publication date as written in the front matter (ISO `YYYY-MM-DD` preferred). */
  date?: string;
  /** The article's language (`ar`, `fr`, `en`, ...), when known. */
  lang?: string;
  /** Example questions the article answers (front matter `examples`), shown to new users. */
  examples?: string[];
  /** The body text, one entry per paragraph, furniture removed, headline not repeated. */
  paragraphs: string[];
}

/** Something wrong with one file of the knowledge folder; the file was skipped. */
export interface LoadProblem {
  file: string;
  reason: string;
}

export interface LoadResult {
  articles: ArticleDoc[];
  problems: LoadProblem[];
}

/** Where an answer comes from: enough to name and link the article. */
export interface SourceRef {
  /** Stable id of the article inside one engine (its file path). */
  id: string;
  title: string;
  file: string;
  url?: string;
  date?: string;
}

/** One quotable piece of an article: a paragraph, or part of a long one. */
export interface Passage {
  /** Position of the passage in the engine's whole collection. */
  id: number;
  /** Id of its article ({@link SourceRef.id}). */
  article: string;
  /** Paragraph number inside the article, from 0. */
  paragraph: number;
  /** Position of the passage inside its article, from 0. */
  index: number;
  text: string;
}

/** A character range `[start, end)` inside a string. */
export interface Span {
  start: number;
  end: number;
}

/** One ranked passage with the short answer picked from it. */
export interface Match {
  /** The short answer: the sentence or clause that answers, at most 300 characters. */
  answer: string;
  /** The answering span inside `answer`, when one was found. */
  highlight?: Span;
  /** The whole passage the answer comes from. */
  passage: string;
  passageId: number;
  source: SourceRef;
  /** Confidence in 0..1. */
  score: number;
}

/** What the engine says back to a question. */
export interface Answer {
  question: string;
  /**
   * `answer`: the knowledge answers it; `decline`: it does not; `help`: the input
   * was a greeting, empty or punctuation only, so the user gets help instead.
   */
  kind: 'answer' | 'decline' | 'help';
  /** True only when `kind === 'answer'`. */
  found: boolean;
  /** The language the question was asked in, for the reply. */
  lang: Lang;
  /** Best match; present when `found`. */
  best?: Match;
  /** The next best matches from other passages (at most `others` of the options). */
  others: Match[];
  /** Confidence of the best candidate in 0..1 (also set on a decline). */
  score: number;
}
