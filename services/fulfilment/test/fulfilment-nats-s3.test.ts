import t from 'tap';
import { NatsBus } from '@lumira/bus/nats';
import { startNatsServer, testLogger } from '@lumira/testing';
import { expertFlows } from './expert-flows.js';
import { startHarness } from './helpers/harness.js';

/** A real nats-server, and the files in a real S3 implementation (s3rver). */
const server = await startNatsServer();
t.teardown(() => server.stop());
const open = () => startHarness(t, { openBus: async () => await NatsBus.connect({ url: server.url, name: 'fulfilment-test', log: testLogger() }), storage: 's3' });
t.test('expert flows', async (t) => expertFlows(t, open));
