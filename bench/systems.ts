/**
 * The systems the benchmark compares, behind one small interface so that each
 * is built and asked the same way. Only the library call itself is timed
 * (`build` and `search`); `top` reads the best passage out of the result
 * afterwards, untimed.
 */
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import type { ArticleDoc } from '../src/types.ts';
import { Sanad } from '../src/engine/sanad.ts';
import { GENERATED_PREFIX, type CorpusPassage } from './corpus.ts';

export type SystemName = 'sanad' | 'minisearch' | 'fuse';
export const SYSTEMS: readonly SystemName[] = ['sanad', 'minisearch', 'fuse'];

export const LABELS: Record<SystemName, string> = {
  sanad: 'Sanad',
  minisearch: 'MiniSearch (defaults)',
  fuse: 'fuse.js (defaults)',
};

/** The passage a system answers from. */
export interface Hit {
  text: string;
  /** True when it is one of the real XQuAD paragraphs (not a generated passage). */
  real: boolean;
}

/** A built system: `search` is what gets timed, `top` reads its result. */
export interface Built<R = unknown> {
  /** How many passages (documents) the system indexed. */
  size: number;
  search(question: string): R;
  top(result: R): Hit | undefined;
}

export interface Input {
  articles: ArticleDoc[];
  passages: CorpusPassage[];
}

/** Builds one system over the corpus. Everything inside is part of the build time. */
export function build(name: SystemName, input: Input): Built {
  switch (name) {
    case 'sanad':
      return buildSanad(input);
    case 'minisearch':
      return buildMiniSearch(input);
    case 'fuse':
      return buildFuse(input);
  }
}

function buildSanad({ articles }: Input): Built<ReturnType<Sanad['ask']>> {
  const sanad = Sanad.fromArticles(articles);
  return {
    size: sanad.size,
    search: (q) => sanad.ask(q),
    top: (a) => (a.found && a.best ? { text: a.best.passage, real: !a.best.source.file.startsWith(GENERATED_PREFIX) } : undefined),
  };
}

/** MiniSearch with default options over passage text; `search` with its defaults. */
function buildMiniSearch({ passages }: Input): Built<ReturnType<MiniSearch['search']>> {
  const ms = new MiniSearch<CorpusPassage>({ fields: ['text'] });
  ms.addAll(passages);
  return {
    size: ms.documentCount,
    search: (q) => ms.search(q),
    top: (results) => {
      const id = results[0]?.id as number | undefined;
      return id === undefined ? undefined : { text: passages[id].text, real: passages[id].real };
    },
  };
}

/** fuse.js with default options, `keys: ['text']`; the constructor builds its index. */
function buildFuse({ passages }: Input): Built<ReturnType<Fuse<CorpusPassage>['search']>> {
  const fuse = new Fuse(passages, { keys: ['text'] });
  return {
    size: passages.length,
    search: (q) => fuse.search(q),
    top: (results) => {
      const p = results[0]?.item;
      return p ? { text: p.text, real: p.real } : undefined;
    },
  };
}
