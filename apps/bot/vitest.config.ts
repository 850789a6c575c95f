import { defineConfig, mergeConfig } from 'vitest/config';
import { baseConfig } from '../../vitest.config.base.ts';

export default mergeConfig(
  baseConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      // discord.js waits 1-5 s before re-identifying after INVALID_SESSION; spawned scripts start tsx.
      testTimeout: 20_000,
      hookTimeout: 20_000,
    },
  }),
);
