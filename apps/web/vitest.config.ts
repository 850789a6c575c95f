import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One file, one browser: the build, the API process and Chromium are shared by its tests.
  test: { include: ['test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 120_000 },
});
