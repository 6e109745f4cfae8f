import t from 'tap';
import { fulfilmentFlows } from './fulfilment-flows.js';
import { startTestSystem } from './harness.js';

/** The whole system on the in-process bus, reading files on the embedded storage. */
fulfilmentFlows(t, 'embedded', () => startTestSystem(t, { env: { ACCESS_URL: 'https://shop.example/espace', UPLOAD_MAX_PDF_BYTES: String(64 * 1024) } }));
