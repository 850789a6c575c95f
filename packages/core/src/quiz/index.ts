export * from './answer.ts';
export * from './cards.ts';
export * from './choices.ts';
export * from './decks.ts';
