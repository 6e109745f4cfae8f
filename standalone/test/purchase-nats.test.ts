import t from 'tap';
import { startTestSystem } from './harness.js';
import { purchaseFlows } from './purchase-flows.js';

purchaseFlows(t, () => startTestSystem(t, { nats: true }));
