import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build for Yoga, Pothos and graphql-jit; Vite would hand our own files
    // the .mjs build. Two copies break `instanceof GraphQLError` (and every schema check), so pin one.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: { include: ['test/**/*.test.ts'], testTimeout: 20_000 },
});
