import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// graphql publishes a development build behind the "development" export condition, which Vite's
// resolver picks while Node (loading Pothos and graphql-yoga) does not. Two builds of graphql in
// one schema break it, so tests resolve `graphql` exactly as Node does.
const graphqlEntry = fileURLToPath(import.meta.resolve('graphql'));

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    // CI collects every suite's counts from these JSON reports.
    reporters: process.env.OPSBOARD_TEST_REPORT ? ['default', ['json', { outputFile: process.env.OPSBOARD_TEST_REPORT }]] : ['default'],
    // Each integration file opens its own database and server; two at a time suits a 2-core machine.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['server/src/**/*.test.ts', 'prisma/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          globalSetup: ['tests/support/global-setup.ts'],
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'deploy',
          include: ['tests/deploy/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          globalSetup: ['tests/support/global-setup.ts'],
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          maxWorkers: 1,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
