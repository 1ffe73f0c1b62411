import { defineConfig } from 'vitest/config';

// Tests import the library from ../dist (built by `npm test` through scripts/ensure-built.cjs).
// Each file runs in its own forked process: a native crash takes down one file, not the run.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    watch: false,
  },
});
