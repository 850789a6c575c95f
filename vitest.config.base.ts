// Workspace packages resolve to their TypeScript source (the `@portdeck/source` export condition), so tests
// never need a build and never run a stale dist/. Vitest also hands these conditions to its worker processes.
// Plain data (no import): this root file is not a package, so it cannot resolve `vitest` itself.
const conditions = ['@portdeck/source', 'node', 'development|production'];

/** The vitest settings every package shares; each package's vitest.config.ts starts from it. */
export const baseConfig = {
  resolve: { conditions },
  ssr: { resolve: { conditions } },
};
