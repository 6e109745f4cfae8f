import t from 'tap';
import { startTestSystem } from './harness.js';
import { webhookFlows } from './webhook-flows.js';

webhookFlows(t, () => startTestSystem(t));
