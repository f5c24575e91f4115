/**
 * Prints one plain closing line after vitest's own report, e.g.
 * `tests: 483 passed, 0 failed, 4 skipped`, so that any tool reading a run's
 * last lines (CI included) sees the counts in a common form. Expected
 * failures (`it.fails` that do fail) count as passed, as vitest counts them.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
