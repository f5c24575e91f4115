/**
 * A small command-line argument reader: `--flag`, `--option VALUE`,
 * `--option=VALUE`, and positional words.
 *
 * ```ts
 * parseArgs(['ask', '--json', '--knowledge', 'dir', 'متى؟'], { flags: ['json'], options: ['knowledge'] })
 * // → { positional: ['ask', 'متى؟'], flags: Set{'json'}, options: { knowledge: 'dir' } }
 * ```
 */
export interface ParsedArgs {
  positional: string[];
  flags: Set<string>;
  options: Record<string, string>;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], spec: { flags: string[]; options: string[] }): ParsedArgs {
  const out: ParsedArgs = { positional: [], flags: new Set(), options: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--') || a === '-') {
      out.positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (spec.flags.includes(name) && inline === undefined) out.flags.add(name);
    else if (spec.options.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      out.options[name] = value;
    } else throw new UsageError(`unknown option --${name}`);
  }
  return out;
}
