export * from './plan.ts';
export * from './question.ts';
export * from './schedule.ts';
export * from './streaks.ts';
