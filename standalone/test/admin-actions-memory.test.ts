import t from 'tap';
import { adminActionFlows } from './admin-actions-flows.js';
import { startTestSystem } from './harness.js';

adminActionFlows(t, () => startTestSystem(t, { env: { PAYMENT_SWEEP_AFTER_SECONDS: '0', STRIPE_MISSED_EVENTS_SECONDS: '0' } }));
