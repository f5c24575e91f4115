/**
 * The callback data of the buttons under an answer. Telegram gives a button
 * 1–64 bytes of data and sends them back when it is pressed; ours carry what
 * the chat service needs to answer, and the reply's language.
 *
 * ```ts
 * encodeButton({ kind: 'passage', lang: 'ar', passageId: 12 }) // → 'w:ar:12'
 * decodeButton('o:fr:1k')  // → { kind: 'others', lang: 'fr', key: '1k' }
 * ```
 */
import type { Lang } from '../../src/types.ts';

export type ButtonAction =
  /** "The whole passage": ChatService.wholePassage(passageId). */
  | { kind: 'passage'; lang: Lang; passageId: number }
  /** "Other matches": ChatService.otherMatches(key). */
  | { kind: 'others'; lang: Lang; key: string };

const LANGS: readonly Lang[] = ['ar', 'fr', 'en'];

export function encodeButton(action: ButtonAction): string {
  return action.kind === 'passage' ? `w:${action.lang}:${action.passageId}` : `o:${action.lang}:${action.key}`;
}

/** The action of a pressed button, or undefined for data this version did not write. */
export function decodeButton(data: string | undefined): ButtonAction | undefined {
  const m = /^([wo]):([a-z]{2}):([0-9a-z]{1,40})$/.exec(data ?? '');
  if (!m || !LANGS.includes(m[2] as Lang)) return undefined;
  const lang = m[2] as Lang;
  if (m[1] === 'o') return { kind: 'others', lang, key: m[3] };
  if (!/^\d+$/.test(m[3])) return undefined;
  return { kind: 'passage', lang, passageId: Number(m[3]) };
}
