import { defineConfig, mergeConfig } from 'vitest/config';
import { baseConfig } from '../../vitest.config.base.ts';

export default mergeConfig(
  baseConfig,
  defineConfig({
    // One file, one browser: the build, the API process and Chromium are shared by its tests. The limits are
    // generous because the whole workspace's tests share two cores; nothing here asserts on time.
    test: {
      include: ['test/**/*.test.ts'],
      testTimeout: 90_000,
      hookTimeout: 300_000,
      expect: { poll: { timeout: 20_000 } },
    },
  }),
);
