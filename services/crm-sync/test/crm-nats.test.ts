import t from 'tap';
import { NatsBus } from '@lumira/bus/nats';
import { startNatsServer, testLogger } from '@lumira/testing';
import { crmFlows } from './crm-flows.js';

const server = await startNatsServer();
t.teardown(() => server.stop());
crmFlows(t, async () => await NatsBus.connect({ url: server.url, name: 'crm-test', log: testLogger() }));
