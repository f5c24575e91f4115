/**
 * Suggestions while a user types a question (Discord's autocomplete), and
 * example questions for articles that list none: headlines, the key phrases
 * of each article (names and terms it repeats, such as a person's full name)
 * and example questions, fuzzy-matched with fuse.js on normalised text so that
 * a misspelt or hamza-less prefix still finds them.
 *
 * ```ts
 * const s = new Suggester(articles, passagesOfEachArticle);
 * s.suggest('حموش', 5) // → ['عبد اللطيف حموشي', 'ماذا عن عبد اللطيف حموشي؟', …]
 * ```
 */
import Fuse from 'fuse.js';
import type { ArticleDoc } from '../types.ts';
import { tokenize } from '../analysis/tokenize.ts';
import { isStop } from '../analysis/analyzer.ts';
import { normalize } from '../analysis/normalize.ts';
import { detectLanguage } from '../analysis/language.ts';

interface Item {
  text: string;
  norm: string;
  article: string;
  rank: number;
}

export class Suggester {
  private readonly items: Item[] = [];
  private readonly phrases = new Map<string, string[]>();
  private readonly fuse: Fuse<Item>;

  constructor(docs: ArticleDoc[], passages: Array<Array<{ text: string }>>) {
    const seen = new Set<string>();
    const add = (text: string, article: string, rank: number) => {
      const norm = normalize(text).toLowerCase();
      if (!norm.trim() || seen.has(norm)) return;
      seen.add(norm);
      this.items.push({ text, norm, article, rank });
    };
    docs.forEach((d, i) => {
      const texts = passages[i].map((p) => p.text);
      const phrases = keyPhrases(texts);
      this.phrases.set(d.file, phrases);
      for (const q of d.examples ?? []) add(q, d.file, 0);
      add(d.title, d.file, 1);
      for (const p of phrases) add(p, d.file, 2);
      for (const q of quotedNames(texts)) add(q, d.file, 2);
      for (const q of this.examplesFor(d.file, d)) add(q, d.file, 3);
    });
    this.fuse = new Fuse(this.items, {
      keys: ['norm'],
      includeScore: true,
      ignoreLocation: true,
      threshold: 0.35,
      isCaseSensitive: true,
    });
  }

  /** Example questions for an article that lists none: one per key phrase, in the article's language. */
  examplesFor(article: string, doc?: ArticleDoc): string[] {
    const phrases = this.phrases.get(article) ?? [];
    const lang = doc?.lang ?? (phrases[0] ? detectLanguage(phrases[0]) : 'ar');
    return phrases.slice(0, 3).map((p) =>
      lang.startsWith('fr') ? `Et ${p} ?` : lang.startsWith('en') ? `What about ${p}?` : `ماذا عن ${p}؟`,
    );
  }

  /** Up to `limit` suggestions for what the user has typed so far. */
  suggest(prefix: string, limit = 25): string[] {
    const q = normalize(prefix).toLowerCase().trim();
    if (!q) return [...this.items].sort((a, b) => a.rank - b.rank).slice(0, limit).map((i) => i.text);
    const hits = this.fuse.search(q.slice(0, 32), { limit: limit * 2 });
    return hits
      .sort((a, b) => (a.score ?? 0) - (b.score ?? 0) || a.item.rank - b.item.rank)
      .slice(0, limit)
      .map((h) => h.item.text);
  }
}

/**
 * Names a news text puts in quotes (ملعب “لوسيل”، معرض «ميليبول»): short
 * quoted runs of one to four words, as written.
 */
export function quotedNames(texts: string[], max = 12): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/[“«"]([^“”«»"\n]{2,40})[”»"″]/g)) {
      const name = m[1].trim();
      const words = name.split(/\s+/);
      if (words.length <= 4 && /\p{L}/u.test(name)) out.add(name);
      if (out.size >= max) return [...out];
    }
  }
  return [...out];
}

/**
 * Phrases of two or three words, none a stop word, that an article repeats:
 * usually its people, places and organisations. Most repeated first.
 */
export function keyPhrases(texts: string[], max = 8): string[] {
  const counts = new Map<string, { n: number; surface: string }>();
  for (const text of texts) {
    const tokens = tokenize(text);
    for (let i = 0; i < tokens.length; i++) {
      for (const len of [3, 2]) {
        const run = tokens.slice(i, i + len);
        if (run.length < len || run.some((t) => t.kind !== 'word' || isStop(t.text) || t.text.length < 2)) continue;
        if (run.some((t, k) => k > 0 && t.start - run[k - 1].end > 1)) continue;
        const key = run.map((t) => t.text).join(' ');
        const c = counts.get(key);
        if (c) c.n++;
        else counts.set(key, { n: 1, surface: text.slice(run[0].start, run[len - 1].end) });
      }
    }
  }
  // A longer phrase repeated about as often as its parts is the better name (عبد اللطيف حموشي).
  const weight = (key: string, n: number) => n * key.split(' ').length;
  const repeated = [...counts.entries()]
    .filter(([, c]) => c.n >= 2)
    .sort((a, b) => weight(b[0], b[1].n) - weight(a[0], a[1].n) || b[0].length - a[0].length);
  const out: string[] = [];
  for (const [key, c] of repeated) {
    // Skip a phrase inside one already taken (اللطيف حموشي inside عبد اللطيف حموشي), and vice versa.
    if (out.some((o) => normalize(o).includes(key) || key.includes(normalize(o)))) continue;
    out.push(c.surface);
    if (out.length >= max) break;
  }
  return out;
}
