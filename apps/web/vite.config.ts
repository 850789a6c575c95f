import { defineConfig } from 'vite';

export default defineConfig({
  // The GraphQL app serves the build at /dashboard on its own origin (no CORS).
  base: '/dashboard/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, assetsInlineLimit: 0 },
  server: { proxy: { '/graphql': 'http://localhost:4000' } },
});
