import t from 'tap';
import { startTestSystem } from './harness.js';
import { paymentPathFlows } from './payment-path-flows.js';

paymentPathFlows(t, () => startTestSystem(t, { env: { PAYMENT_SWEEP_AFTER_SECONDS: '0', STRIPE_MISSED_EVENTS_SECONDS: '0' } }));
