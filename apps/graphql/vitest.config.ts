import { createRequire } from 'node:module';
import { defineConfig, mergeConfig } from 'vitest/config';
import { baseConfig } from '../../vitest.config.base.ts';

const require = createRequire(import.meta.url);

export default mergeConfig(
  baseConfig,
  defineConfig({
    resolve: {
      // Node loads graphql's CommonJS build for Yoga, Pothos and graphql-jit; Vite would hand our own files
      // the .mjs build. Two copies break `instanceof GraphQLError` (and every schema check), so pin one.
      alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
    },
    test: { include: ['test/**/*.test.ts'], testTimeout: 20_000 },
  }),
);
