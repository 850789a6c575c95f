// Until packages/core/src/index.ts re-exports './srs/index.ts', reach the modules by path; then use '@portdeck/core'.
export * from '../../core/src/srs/index.ts';
export * from '../../core/src/result.ts';
