import t from 'tap';
import { MemoryBus } from '@lumira/bus';
import { testLogger } from '@lumira/testing';
import { expertFlows } from './expert-flows.js';
import { startHarness } from './helpers/harness.js';

/** In-process bus, files on the embedded storage. */
const open = () => startHarness(t, { openBus: async () => new MemoryBus(testLogger()), storage: 'embedded' });
t.test('expert flows', async (t) => expertFlows(t, open));
