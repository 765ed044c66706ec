/**
 * The HTTP contract: request and response schemas of every route, shared by the server and the web.
 * Each resource's file exports its routes' schemas (`TaskRoutes.complete`, ready for a route's
 * `schema` option) and the types of their answers; the web imports the types only.
 */
export * from './common';
export * from './values';
export * from './matter-query';
export * from './auth';
export * from './health';
export * from './clock';
export * from './process-definitions';
export * from './deployments';
export * from './decisions';
export * from './forms';
export * from './matters';
export * from './excel';
export * from './tasks';
export * from './incidents';
export * from './organisation';
export * from './plans';
export * from './notifications';
export * from './instructions';
export * from './board';
export * from './cards';
export * from './reports';
export * from './statistics';
export * from './superior';
export * from './sub-matters';
export * from './calendar';
export * from './machine-clients';
export * from './camunda';
