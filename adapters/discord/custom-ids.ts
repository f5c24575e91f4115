/**
 * The `custom_id`s of Sanad's buttons: what a press needs to know, in at most
 * 100 characters. `sanad:p:<passageId>:<lang>` shows a whole passage;
 * `sanad:o:<othersKey>:<lang>` the other matches of a recent question.
 *
 * ```ts
 * passageButtonId(12, 'ar')            // → 'sanad:p:12:ar'
 * parseCustomId('sanad:o:1f:fr')      // → { kind: 'others', key: '1f', lang: 'fr' }
 * ```
 */
import type { Lang } from '../../src/types.ts';

export type ButtonAction = { kind: 'passage'; passageId: number; lang: Lang } | { kind: 'others'; key: string; lang: Lang };

const LANGS: readonly Lang[] = ['ar', 'fr', 'en'];

export function passageButtonId(passageId: number, lang: Lang): string {
  return `sanad:p:${passageId}:${lang}`;
}

export function othersButtonId(key: string, lang: Lang): string {
  return `sanad:o:${key}:${lang}`;
}

/** The action behind a button, or undefined when the id is not one of ours. */
export function parseCustomId(id: string): ButtonAction | undefined {
  const m = /^sanad:([po]):([A-Za-z0-9_-]{1,60}):([a-z]{2})$/.exec(id);
  if (!m) return undefined;
  const lang = LANGS.includes(m[3] as Lang) ? (m[3] as Lang) : 'ar';
  if (m[1] === 'p') return /^\d+$/.test(m[2]) ? { kind: 'passage', passageId: Number(m[2]), lang } : undefined;
  return { kind: 'others', key: m[2], lang };
}
