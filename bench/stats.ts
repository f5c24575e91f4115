/** Small measuring helpers for the benchmark. */

/** Nearest-rank percentile of ascending `sorted` (the same rule as `src/eval/squad.ts`). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export interface MemorySnapshot {
  heapUsed: number;
  external: number;
  rss: number;
}

/** Collects garbage (twice: weak references and finalisers need a second pass), then reads memory. */
export function settledMemory(): MemorySnapshot {
  const gc = globalThis.gc;
  if (!gc) throw new Error('global.gc is missing: run with node --expose-gc (npm run bench does)');
  gc();
  gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, external: m.external, rss: m.rss };
}

export const MB = 1024 * 1024;
