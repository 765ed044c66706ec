// Setup file of the integration project: workers log every state change at INFO, which buries
// test output. Each test file runs in its own process, so installing the runtime here is safe.
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('WARN') });
