import t from 'tap';
import { MemoryBus } from '@lumira/bus';
import { testLogger } from '@lumira/testing';
import { notificationFlows } from './notification-flows.js';

notificationFlows(t, async () => new MemoryBus(testLogger()));
