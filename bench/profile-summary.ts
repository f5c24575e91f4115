/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with
 * the most self time, and the most inclusive time, overall and in `src/`.
 *
 * ```sh
 * node --expose-gc --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/bench.ts --quick --only sanad
 * node --import tsx bench/profile-summary.ts /tmp/prof/CPU.*.cpuprofile [--top 25]
 * ```
 *
 * Line numbers are those of the code V8 ran (tsx's transpiled output, often
 * none); function names are exact. `--cpu-prof` also writes a profile for
 * tsx's loader thread (mostly idle): pass the main thread's, the larger file.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function label(n: ProfileNode): string {
  const { functionName, url, lineNumber } = n.callFrame;
  const file = url.replace(/^file:\/\//, '').replace(/^.*\/(src|bench|node_modules)\//, '$1/');
  // tsx's transpiled modules often report line 0 for every function: show the file alone then.
  const where = file && lineNumber > 0 ? `${file}:${lineNumber + 1}` : file;
  return `${functionName || '(anonymous)'} ${where}`.trim();
}

function summarise(file: string, top: number): string {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    // timeDeltas[i] is the time before sample i; attribute the next delta to this sample.
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    total += dt;
    const node = byId.get(id);
    if (!node) return;
    const l = label(node);
    self.set(l, (self.get(l) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = label(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  });
  const fmt = (title: string, m: Map<string, number>, filter: (k: string) => boolean) => {
    const rows = [...m.entries()].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, top);
    return [title, ...rows.map(([k, ms]) => `  ${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}`)].join('\n');
  };
  const inSrc = (k: string) => k.includes(' src/');
  return [
    `${file}: ${(total / 1000).toFixed(1)} s sampled`,
    fmt(`Self time, top ${top}, everything:`, self, () => true),
    fmt(`Self time, top ${top}, src/:`, self, inSrc),
    fmt(`Inclusive time, top ${top}, src/:`, inclusive, inSrc),
  ].join('\n\n');
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
const files = args.filter((a, i) => a !== '--top' && (topAt < 0 || i !== topAt + 1));
if (files.length === 0) {
  process.stderr.write('Usage: node --import tsx bench/profile-summary.ts FILE.cpuprofile [--top N]\n');
  process.exitCode = 2;
} else {
  for (const f of files) process.stdout.write(`${summarise(f, top)}\n\n`);
}
