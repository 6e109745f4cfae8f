import t from 'tap';
import { startTestSystem } from './harness.js';
import { refundDisputeFlows } from './refund-dispute-flows.js';

refundDisputeFlows(t, () => startTestSystem(t, { env: { PAYMENT_SWEEP_AFTER_SECONDS: '0', STRIPE_MISSED_EVENTS_SECONDS: '0' } }));
