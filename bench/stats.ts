/** Small measuring helpers for the benchmark. */

/** Nearest-rank percentile: the evaluation's own, so both report latency the same way. */
export { percentile } from '../src/eval/squad.ts';

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
