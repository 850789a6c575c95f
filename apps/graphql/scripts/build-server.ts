// Bundles the API's entry point and what it imports into one file, dist/server.js (`pnpm start` runs it).
// Node then reads and links one module instead of about 1,300 files (the inputs esbuild reports); start-up
// to /health took 0.55-0.66 of the unbundled build's time here (bench/startup.bench.ts, README). Native and
// optional packages stay outside and load from node_modules:
// better-sqlite3 (a compiled addon; a direct dependency of this app so the bundle can find it) and pg-native.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/server.ts'],
  outfile: 'dist/server.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  // Workspace packages from their TypeScript source: the bundle does not wait for their builds.
  conditions: ['@portdeck/source'],
  external: ['better-sqlite3', 'pg-native'],
  // CommonJS packages in an ES module bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __portdeckRequire } from 'node:module';\nconst require = __portdeckRequire(import.meta.url);",
  },
  // For stack traces: NODE_OPTIONS=--enable-source-maps (off by default: it slows start-up).
  sourcemap: 'linked',
  logLevel: 'warning',
});
