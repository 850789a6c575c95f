export * from './results.ts';
export * from './scoring.ts';
