import t from 'tap';
import { openMemoryBus } from '@lumira/testing';
import { crmFlows } from './crm-flows.js';

crmFlows(t, async () => await openMemoryBus());
