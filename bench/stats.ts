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

/**
 * Collects garbage four times (weak references, finalisers and WeakMap entries whose keys just
 * died need further passes: measured here, two passes left up to 150 MB of such garbage), then
 * reads memory.
 */
export function settledMemory(): MemorySnapshot {
  const gc = globalThis.gc;
  if (!gc) throw new Error('global.gc is missing: run with node --expose-gc (npm run bench does)');
  for (let i = 0; i < 4; i++) gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, external: m.external, rss: m.rss };
}

export const MB = 1024 * 1024;
