export * from './calendar-date.ts';
export * from './time-zone.ts';
export * from './zoned.ts';
export * from './snowflake.ts';
