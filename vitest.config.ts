import { defineConfig } from 'vitest/config';

/**
 * One configuration for every suite: test/core (engine, chat, CLI, console),
 * test/knowledge (loader), test/fakes, and the adapter suites under
 * test/telegram and test/discord. Everything runs offline.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Child processes (CLI, console chat) and fake servers run in some suites:
    // forks isolate them and let process.exit/stdin tricks stay per file.
    pool: 'forks',
    // vitest's report, then one plain "tests: N passed, N failed" line.
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
