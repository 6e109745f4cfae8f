import t from 'tap';
import { createDolibarrEmulator } from '@lumira/dolibarr-emulator';
import { startTestSystem } from './harness.js';
import { moneyBackFlows } from './money-back-flows.js';

const dolibarr = createDolibarrEmulator({ apiKey: 'e2e-dolibarr-key', badKeyDelayMs: 5 });
t.teardown(() => dolibarr.close());
moneyBackFlows(
  t,
  (url, key) =>
    startTestSystem(t, {
      nats: true,
      env: { DOLIBARR_URL: url, DOLIBARR_API_KEY: key, CRM_WORK_POLL_MS: '50', PAYMENT_SWEEP_AFTER_SECONDS: '0', STRIPE_MISSED_EVENTS_SECONDS: '0' },
    }),
  dolibarr,
);
