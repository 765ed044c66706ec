import { configDefaults, defineConfig } from 'vitest/config';

const integrationTests = ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'];

export default defineConfig({
  test: {
    // vi.stubEnv is undone after every test, even one that timed out.
    unstubEnvs: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, ...integrationTests, '**/dist/**', '.data/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: integrationTests,
          // Starts one Temporal dev server and one PostgreSQL database for the whole run.
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/infra/worker-runtime.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Two cores: files share the servers, and running them one at a time keeps timings sane.
          fileParallelism: false,
        },
      },
    ],
  },
});
