import { defineConfig } from 'vitest/config';

// Three tiers, selected with `--project`:
//  unit – pure code (src/domain, presenters, helpers): no database, no network.
//  db   – services, repositories and HTTP routes on a real database. The engine comes from
//         LIMINAL_TEST_ENGINE (sqlite | postgres); scripts/test.mjs runs this tier once per engine.
//  e2e  – Chromium driven by playwright-core against the built app.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.unit.test.ts', 'src/domain/**/*.test.ts', 'test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'db',
          include: ['src/server/**/*.test.ts', 'test/http/**/*.test.ts', 'test/db/**/*.test.ts'],
          exclude: ['src/**/*.unit.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 60_000,
          pool: 'forks',
          // Files share their worker's module cache (each still builds its own app on its own database): importing
          // the whole server once per worker instead of once per file halves the tier's time.
          isolate: false,
          globalSetup: ['test/support/db-template.ts', 'test/support/cli-build.ts'],
        },
      },
      {
        test: {
          name: 'budget',
          include: ['test/budget/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          globalSetup: ['test/support/db-template.ts'],
          // Two files at a time, each with its own server, database and browser. One file alone keeps the two
          // cores only ~55 % busy (a test waits on the page, the page on the server); two fill them, and the tier
          // took 702 s instead of 932 s on this machine (every test passing in both).
          fileParallelism: true,
          maxWorkers: 2,
          // As in the db tier: the files a worker runs share its module cache, so the server and its
          // dependencies are imported once per worker instead of once per file.
          isolate: false,
        },
      },
    ],
  },
});
