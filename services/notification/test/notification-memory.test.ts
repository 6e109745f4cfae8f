import t from 'tap';
import { openMemoryBus } from '@lumira/testing';
import { notificationFlows } from './notification-flows.js';

notificationFlows(t, async () => await openMemoryBus());
