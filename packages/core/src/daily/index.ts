export * from './plan.ts';
export * from './schedule.ts';
