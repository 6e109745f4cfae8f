import type { Bus } from '@lumira/bus';
import type { Collection } from '@lumira/store';
import type { CreateGuard } from './create-guard.js';
import type { CustomerLinkDoc } from './customer-link.js';
import type { DolibarrClient } from './dolibarr/dolibarr-client.js';

/** A write of ours whose time we know: how crm-sync learns the database's clock (see crm-clock.ts). */
export interface ClockSample {
  thirdpartyId: number;
  modifiedAt: Date;
  /** Epoch ms: the write happened between these. */
  from: number;
  to: number;
}

/** What one job's pushes need. */
export interface PushContext {
  client: DolibarrClient;
  links: Collection<CustomerLinkDoc>;
  bus: Bus;
  correlationId: string;
  guard: CreateGuard;
  /** Something the status page should say about this job (a name cut, a duplicate left for a person). */
  note(message: string): void;
  sampleClock(sample: ClockSample): Promise<void>;
}
