// Workspace packages resolve to their TypeScript source (the `@portdeck/source` export condition), so tests
// never need a build and never run a stale dist/. Vitest also hands these conditions to its worker processes.
// Plain data (no import): this root file is not a package, so it cannot resolve `vitest` itself.
const conditions = ['@portdeck/source', 'node', 'development|production'];

/** The vitest settings every package shares; each package's vitest.config.ts starts from it. */
export const baseConfig = {
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  // Vitest's 5 s default is a speed assertion in disguise: CI runs every package's tests at once on two cores,
  // where a 0.2 s test took 5.3 s. A limit still catches a hang; packages may set their own.
  test: { testTimeout: 30_000, hookTimeout: 60_000 },
};
