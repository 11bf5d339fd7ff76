export * from './catalogue.ts';
export * from './schemas.ts';
export * from './metrics/index.ts';
export * from './format.ts';
export * from './indicators.ts';
export * from './inputs.ts';
