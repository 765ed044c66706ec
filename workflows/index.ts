// The worker bundles this file: every workflow the project runs.
export { processWorkflow } from './process';
export { supervisionCalendarWorkflow } from './calendar';
export { superiorPullWorkflow } from './superior';
export { timerStartWorkflow } from './timer-start';
