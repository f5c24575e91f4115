/**
 * Making article and user text safe and readable in a Discord message:
 * markdown escaped (so `*`, `_`, `~`, `` ` ``, `|`, `>` and friends print as
 * themselves), `@everyone`/`@here` defused, long text cut at a sentence to
 * fit a limit, and the paragraph direction fixed for Arabic text that starts
 * with a Latin word or a number.
 *
 * ```ts
 * escapeMarkdown('**x** _y_ @everyone') // → '\\*\\*x\\*\\* \\_y\\_ @\u200beveryone'
 * fit(passage, 1024, (s) => quote(escapeMarkdown(s))) // ≤ 1024 characters, cut at a sentence + '…'
 * ```
 */
import { cutAtSentence } from '../../src/chat/format.ts';

/** Characters Discord's markdown reacts to anywhere in a line. */
const INLINE = /[\\*_~`|<>[\]]/g;

/**
 * `text` with Discord markdown neutralised: inline markers backslash-escaped,
 * line-start markers (headings, lists, quotes, `-#` subtext) escaped, and
 * `@everyone`/`@here` broken with a zero-width space (allowed_mentions already
 * stops the ping; this also stops the highlight).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(INLINE, (c) => `\\${c}`)
    .replace(/^(\s*)([#+-]|\d+\.)(?=\s|#)/gm, (_m, space: string, mark: string) =>
      mark.endsWith('.') ? `${space}${mark.slice(0, -1)}\\.` : `${space}\\${mark}`,
    )
    .replace(/@(everyone|here)\b/gi, '@\u200b$1');
}

/**
 * The longest sentence-cut prefix of `text` (see `cutAtSentence`) whose
 * rendering `render(prefix)` fits in `max` characters.
 */
export function fit(text: string, max: number, render: (s: string) => string = (s) => s): string {
  let room = max;
  while (room > 0) {
    const out = render(cutAtSentence(text, room));
    if (out.length <= max) return out;
    // Escaping lengthens text roughly in proportion: shrink the room alike.
    room = Math.min(room - 1, Math.floor((room * max) / out.length));
  }
  return '';
}

/** Each line prefixed with `> ` (a Discord block quote). */
export function quote(text: string): string {
  return text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
}

const ARABIC = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/g;
const LATIN = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]/g;
const FIRST_STRONG = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFFA-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]/;
const RLM = '\u200F';
const LRM = '\u200E';

/** Whether `text` is mostly right-to-left script. */
export function isMostlyRtl(text: string): boolean {
  const rtl = text.match(ARABIC)?.length ?? 0;
  const ltr = text.match(LATIN)?.length ?? 0;
  return rtl > ltr;
}

/**
 * Discord picks each paragraph's direction from its first strong character,
 * so an Arabic line that opens with "Maroc Hebdo" or "2022" would be laid out
 * left to right. Each such line gets a right-to-left mark in front (and a
 * mostly Latin line opening with Arabic a left-to-right mark).
 */
export function directional(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const body = line.replace(/^(> )/, '');
      const prefix = line.length - body.length ? '> ' : '';
      // Runs already isolated (a title, a date) keep their own direction: they do not vote.
      const own = body.replace(/\u2068[^\u2069]*\u2069/g, '');
      const first = FIRST_STRONG.exec(own)?.[0];
      if (!first) return line;
      const firstRtl = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/.test(first);
      const rtl = isMostlyRtl(own);
      if (rtl && !firstRtl) return `${prefix}${RLM}${body}`;
      if (!rtl && firstRtl && (own.match(LATIN)?.length ?? 0) > 0) return `${prefix}${LRM}${body}`;
      return line;
    })
    .join('\n');
}
