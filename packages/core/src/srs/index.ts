export * from './types.ts';
export * from './grade.ts';
export * from './study-day.ts';
export * from './queue.ts';
export * from './forecast.ts';
export * from './undo.ts';
export * from './cram.ts';
export * from './stats.ts';
