import t, { type Test } from 'tap';
import { NatsBus } from '@lumira/bus/nats';
import { startNatsServer, testLogger } from '@lumira/testing';
import { accessFlows } from './access-flows.js';
import { expertFlows } from './expert-flows.js';
import { startHarness } from './helpers/harness.js';

/** A real nats-server, and the files in a real S3 implementation (s3rver); each group of flows on a service of its own. */
const server = await startNatsServer();
t.teardown(() => server.stop());
const open = (t: Test, env: Record<string, string> = {}) =>
  startHarness(t, { env, openBus: async () => await NatsBus.connect({ url: server.url, name: 'fulfilment-test', log: testLogger() }), storage: 's3' });
t.test('expert flows', async (t) => expertFlows(t, () => open(t)));
t.test('customer space', async (t) => accessFlows(t, () => open(t, { SIGN_IN_PER_IP: '5', SIGN_IN_PER_ADDRESS: '3' })));
