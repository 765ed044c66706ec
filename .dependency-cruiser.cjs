/**
 * The layers, and which way imports run between them (`npm run lint:deps`, part of `npm test`).
 * The README's "Architecture" section says the same in words.
 *
 *   core      bpmn/, supervision/, workflows/engine/  pure: no I/O, no app code
 *   workflow  workflows/                              Temporal workflow code: core + the workflow SDK
 *   services  services/                               the application: used by the worker and the API
 *   activities, worker/                               Temporal's side: activities over the services
 *   contract  contract/                               the HTTP contract (TypeBox), shared with the web
 *   server    server/                                 HTTP transport: routes, auth, error mapping
 *   infra     infra/                                  processes and connections (PostgreSQL, Temporal)
 *   runtime   runtime/                                the composition root and `npm start`
 *   web       web/                                    the browser UI: the contract, and the pure rules it shows
 *                                                     (the modeler's sandbox run also the compiler and the engine)
 */
const APP = '^(services|server|activities|worker|runtime|infra|contract|web)/';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'A circle of imports hides which module owns what.', from: {}, to: { circular: true } },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'The compiler, the token engine and the supervision rules know nothing of the app, HTTP, SQL or Temporal.',
      from: { path: '^(bpmn|supervision|workflows/engine)/' },
      to: { path: [APP, '^workflows/(?!engine/)', '^node_modules/(knex|pg|fastify|@fastify|@temporalio)/'] },
    },
    {
      name: 'workflows-stay-in-the-sandbox',
      severity: 'error',
      comment: 'Workflow code is replayed: only the core and the workflow SDK.',
      from: { path: '^workflows/', pathNot: '\\.test\\.ts$' },
      to: { path: [APP, '^node_modules/(knex|pg|fastify|@fastify|@temporalio/(client|worker|activity))/'] },
    },
    {
      name: 'services-know-no-transport',
      severity: 'error',
      comment: 'Services are shared by the worker and the API: no HTTP, no activities, no composition root.',
      from: { path: '^services/' },
      to: { path: ['^(server|activities|worker|runtime|contract|web)/', '^node_modules/(fastify|@fastify)/'] },
    },
    {
      name: 'activities-over-services',
      severity: 'error',
      comment: 'The worker side uses services, never the HTTP layer.',
      from: { path: '^(activities|worker)/' },
      to: { path: '^(server|runtime|contract|web)/' },
    },
    {
      name: 'server-is-transport',
      severity: 'error',
      comment: 'Routes call services; they do not reach into the worker, the processes or the composition root.',
      from: { path: '^server/' },
      to: { path: '^(activities|worker|runtime|infra|web)/' },
    },
    {
      name: 'server-holds-no-sql',
      severity: 'error',
      comment: 'SQL lives with the service that owns its table (test/architecture.test.ts checks the rest).',
      from: { path: '^server/' },
      to: { path: '^node_modules/(knex|pg)/' },
    },
    {
      name: 'contract-stands-alone',
      severity: 'error',
      comment: 'The HTTP contract is shared with the browser: schemas only.',
      from: { path: '^contract/' },
      to: { path: [APP.replace('contract|', ''), '^(bpmn|workflows)/'] },
    },
    {
      name: 'infra-is-plumbing',
      severity: 'error',
      comment: 'Processes and connections serve the app; they do not call it.',
      from: { path: '^infra/' },
      to: { path: ['^(services|server|activities|worker|runtime|contract|web)/', '^(bpmn|supervision|workflows)/'] },
    },
    {
      name: 'web-talks-http',
      severity: 'error',
      comment: 'The browser reaches the app through the HTTP contract only.',
      from: { path: '^web/', pathNot: '^web/src/pages/Modeler/play/' },
      to: { path: ['^(services|server|activities|worker|runtime|infra|bpmn)/', '^workflows/(?!engine/)'] },
    },
    {
      name: 'play-runs-the-core',
      severity: 'error',
      comment: "The modeler's sandbox run compiles and interprets the diagram in the browser: the compiler, the decisions and the engine, nothing of the app.",
      from: { path: '^web/src/pages/Modeler/play/' },
      to: { path: ['^(services|server|activities|worker|runtime|infra)/', '^workflows/(?!engine/)', '^bpmn/(?!(compile|dmn|graph)\\.ts$)'] },
    },
    {
      name: 'app-code-not-from-tests',
      severity: 'error',
      comment: 'Shipped code never imports test support.',
      from: { path: '^(bpmn|supervision|workflows|services|server|activities|worker|runtime|infra|contract|web)/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|\\.data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
