import t, { type Test } from 'tap';
import { openMemoryBus } from '@lumira/testing';
import { accessFlows } from './access-flows.js';
import { expertFlows } from './expert-flows.js';
import { startHarness } from './helpers/harness.js';

/** In-process bus, files on the embedded storage; each group of flows on a service of its own. */
const open = (t: Test, env: Record<string, string> = {}) => startHarness(t, { env, openBus: async () => await openMemoryBus(), storage: 'embedded' });
t.test('expert flows', async (t) => expertFlows(t, () => open(t)));
t.test('customer space', async (t) => accessFlows(t, () => open(t, { SIGN_IN_PER_IP: '5', SIGN_IN_PER_ADDRESS: '3' })));
