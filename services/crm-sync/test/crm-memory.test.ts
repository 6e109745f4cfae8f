import t from 'tap';
import { MemoryBus } from '@lumira/bus';
import { testLogger } from '@lumira/testing';
import { crmFlows } from './crm-flows.js';

crmFlows(t, async () => new MemoryBus(testLogger()));
