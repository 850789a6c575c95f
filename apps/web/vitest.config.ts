import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One file, one browser: the build, the API process and Chromium are shared by its tests. The limits are
  // generous because the whole workspace's tests share two cores; nothing here asserts on time.
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 300_000,
    expect: { poll: { timeout: 20_000 } },
  },
});
