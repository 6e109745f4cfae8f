import t from 'tap';
import { NatsBus } from '@lumira/bus/nats';
import { startNatsServer, testLogger } from '@lumira/testing';
import { notificationFlows } from './notification-flows.js';

const server = await startNatsServer();
t.teardown(() => server.stop());
notificationFlows(t, async () => await NatsBus.connect({ url: server.url, name: 'notification-test', log: testLogger() }));
