/**
 * Turning a chat message into a question: what every adapter does first.
 *
 * ```ts
 * readQuestion('@sanad_bot  متى يبدأ المونديال؟', { mentions: ['@sanad_bot'] })
 * // → { ok: true, question: 'متى يبدأ المونديال؟' }
 * readQuestion('/ask@sanad_bot', { commands: ['/ask'], botUsername: 'sanad_bot' })
 * // → { ok: false, reason: 'empty' }
 * ```
 */

export interface ReadOptions {
  /** Mention forms to remove anywhere in the text (`@sanad_bot`, `<@123>`, `<@!123>`). */
  mentions?: string[];
  /** Leading commands to remove (`/ask`), also in the `/ask@botname` form. */
  commands?: string[];
  botUsername?: string;
  /** Longest question accepted. Default 500. */
  maxChars?: number;
}

export type ReadResult =
  | { ok: true; question: string }
  | { ok: false; reason: 'empty' | 'too_long'; max: number };

export const DEFAULT_MAX_QUESTION_CHARS = 500;

/** The question in a chat message, without the bot's mention or command. */
export function readQuestion(text: string | undefined | null, options: ReadOptions = {}): ReadResult {
  const max = options.maxChars ?? DEFAULT_MAX_QUESTION_CHARS;
  let q = (text ?? '').replace(/\r\n?/g, '\n');
  for (const c of options.commands ?? []) {
    const forms = [c];
    if (options.botUsername) forms.unshift(`${c}@${options.botUsername}`);
    for (const f of forms) {
      if (q.trimStart().toLowerCase().startsWith(f.toLowerCase())) {
        const rest = q.trimStart().slice(f.length);
        if (rest === '' || /^\s/.test(rest)) {
          q = rest;
          break;
        }
      }
    }
  }
  for (const m of options.mentions ?? []) {
    if (m) q = q.split(m).join(' ');
  }
  q = q.replace(/[ \t\u00A0]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
  // Only invisible characters and punctuation: nothing was asked.
  if (!/[\p{L}\p{N}]/u.test(q)) return { ok: false, reason: 'empty', max };
  if ([...q].length > max) return { ok: false, reason: 'too_long', max };
  return { ok: true, question: q };
}
