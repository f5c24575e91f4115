/**
 * The choices `/ask question:` offers while the user types: what they typed
 * (so Enter keeps it), then the engine's suggestions for it (example
 * questions, headlines and key names, fuzzy-matched on normalised Arabic).
 * At most 25, names and values of 1 to 100 characters, no duplicates.
 *
 * ```ts
 * questionChoices('حموشى', (p, n) => engine.suggest(p, n))
 * // → [{ name: 'حموشى', value: 'حموشى' }, { name: 'عبد اللطيف حموشي', value: 'عبد اللطيف حموشي' }, …]
 * ```
 */
export interface Choice {
  name: string;
  value: string;
}

export const MAX_CHOICES = 25;
const MAX_CHOICE_CHARS = 100;

/** Cuts `s` to 100 characters at a word boundary (names get an ellipsis). */
function cut(s: string, ellipsis: boolean): string {
  if ([...s].length <= MAX_CHOICE_CHARS) return s;
  const room = [...s].slice(0, MAX_CHOICE_CHARS - (ellipsis ? 1 : 0)).join('');
  const atWord = room.replace(/\s+\S*$/, '');
  return (atWord.length >= MAX_CHOICE_CHARS / 2 ? atWord : room).trimEnd() + (ellipsis ? '…' : '');
}

export function questionChoices(typed: string, suggest: (prefix: string, limit: number) => string[]): Choice[] {
  const text = typed.replace(/\s+/g, ' ').trim();
  const out: Choice[] = [];
  const seen = new Set<string>();
  const add = (s: string) => {
    const value = cut(s, false);
    if (!value || seen.has(value)) return;
    seen.add(value);
    out.push({ name: cut(s, true), value });
  };
  // What was typed comes first, unless it is too long to be a choice value
  // (Discord then submits the typed text as it is anyway).
  if (text && [...text].length <= MAX_CHOICE_CHARS) add(text);
  for (const s of suggest(text, MAX_CHOICES)) {
    if (out.length >= MAX_CHOICES) break;
    add(s.replace(/\s+/g, ' ').trim());
  }
  return out.slice(0, MAX_CHOICES);
}
