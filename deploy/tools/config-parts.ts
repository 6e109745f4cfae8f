import type { ConfigSpec } from '@lumira/config';
import { crmSyncService } from '@lumira/crm-sync';
import { fulfilmentService } from '@lumira/fulfilment';
import { gatewayConfig } from '@lumira/gateway';
import { notificationService } from '@lumira/notification';
import { orderService } from '@lumira/order';
import { paymentService } from '@lumira/payment';
import { userService } from '@lumira/user';
// The launcher is an application, not a library: its spec has no package entry, so it is read from source.
import { standaloneConfig } from '../../standalone/src/config.js';

/** One process that reads the environment: the name ops know it by, how it starts, and its spec. */
export interface ConfigPart {
  name: string;
  kind: 'gateway' | 'service' | 'launcher';
  start: string;
  spec: ConfigSpec;
}

/** The six services in the order the documents list them; each runs alone from `services/<name>/dist/main.js`. */
export const serviceDefinitions = [paymentService, orderService, userService, notificationService, crmSyncService, fulfilmentService].map((d) => ({
  name: d.name,
  spec: d.configSpec as ConfigSpec,
}));

export const configParts: ConfigPart[] = [
  { name: 'gateway', kind: 'gateway', start: '`node gateway/dist/main.js`', spec: gatewayConfig },
  ...serviceDefinitions.map((d): ConfigPart => ({ name: d.name, kind: 'service', start: `\`node services/${d.name}/dist/main.js\``, spec: d.spec })),
  { name: 'npm start', kind: 'launcher', start: '`npm start`: everything in one process (reads every spec above, plus these)', spec: standaloneConfig },
];
