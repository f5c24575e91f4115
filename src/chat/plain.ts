/**
 * Rendering a {@link Reply} as plain text, for the console chat and
 * `sanad ask`. The answering span is marked with `bold` (ANSI bold in a
 * terminal, nothing elsewhere).
 *
 * ```ts
 * console.log(renderPlain(reply, { bold: (s) => `\x1b[1m${s}\x1b[22m` }));
 * ```
 */
import type { Match } from '../types.ts';
import type { Reply } from './reply.ts';
import { t } from './texts.ts';

export interface PlainStyle {
  /** Marks the answering span. Default: unchanged. */
  bold?: (s: string) => string;
  /** Dims secondary lines (source, passage). Default: unchanged. */
  dim?: (s: string) => string;
}

const same = (s: string) => s;

/** The answer with its span marked. */
export function markAnswer(m: Match, bold: (s: string) => string = same): string {
  if (!m.highlight) return m.answer;
  const { start, end } = m.highlight;
  return m.answer.slice(0, start) + bold(m.answer.slice(start, end)) + m.answer.slice(end);
}

/** "Source: title (date) url" line of a match. */
export function sourceLine(m: Pick<Match, 'source'>, lang: Parameters<typeof t>[0]): string {
  const s = m.source;
  return `${t(lang).source}: ${s.title}${s.date ? ` (${s.date})` : ''}${s.url ? ` ${s.url}` : ''}`;
}

export function renderPlain(reply: Reply, style: PlainStyle = {}): string {
  const bold = style.bold ?? same;
  const dim = style.dim ?? same;
  switch (reply.type) {
    case 'answer':
      return [markAnswer(reply.match, bold), '', dim(sourceLine(reply.match, reply.lang)), dim(quote(reply.match.passage))].join('\n');
    case 'matches':
      return reply.matches
        .map((m, i) => [`${i + 1}. ${markAnswer(m, bold)}`, dim(sourceLine(m, reply.lang)), dim(quote(m.passage))].join('\n'))
        .join('\n\n');
    case 'passage':
      return [quote(reply.text), dim(sourceLine(reply, reply.lang))].join('\n');
    case 'help':
      return [reply.text, ...(reply.examples.length ? ['', t(reply.lang).examplesIntro, ...reply.examples.map((e) => `  • ${e}`)] : [])].join('\n');
    case 'sources':
      return [reply.title, ...reply.articles.map((a) => `  • ${a.title}${a.date ? ` (${a.date})` : ''}${a.url ? ` ${a.url}` : ''}`)].join('\n');
    case 'decline':
    case 'notice':
      return reply.text;
    case 'silent':
      return '';
  }
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
}
