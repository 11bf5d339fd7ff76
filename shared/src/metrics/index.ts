export * from './implementation.ts';
export * from './ratios.ts';
export * from './statistics.ts';
export * from './suppression.ts';
export * from './priority.ts';
export * from './planning.ts';
export * from './linked-suppression.ts';
export * from './conditions.ts';
