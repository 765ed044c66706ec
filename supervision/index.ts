/**
 * The supervision rules — lights, progress marks, cards, rates and the ranking board — as pure
 * functions of their inputs, with "now" always a parameter. Safe to import from workflow code.
 * The rules as implemented are described in ./README.md.
 */
export * from './calendar';
export * from './config';
export * from './lights';
export * from './progress';
export * from './cards';
export * from './rates';
export * from './ranking';
export * from './board';
