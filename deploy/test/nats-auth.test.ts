import t from 'tap';
import { busServices, natsAuthorization } from '@lumira/bus';
import { natsPasswordVariable } from '../tools/render-nats.js';
import { composeEnvironment } from './helpers/compose.js';
import { readText, readYaml } from './helpers/files.js';

const compose = readYaml('docker-compose.yml');
const services: Record<string, any> = compose.services;

t.test('compose: NATS loads the generated users, and compose will not start it without their passwords', async (t) => {
  const nats = services.nats;
  const conf = nats.command[nats.command.indexOf('-c') + 1];
  t.ok(nats.volumes.includes(`./deploy/nats/auth.conf:${conf}:ro`), 'the generated authorization file is the server configuration');
  // The file the permission test (libs/bus/test/nats-permissions.test.ts) runs a real nats-server with.
  t.ok(readText('deploy/nats/auth.conf').includes(natsAuthorization()), 'deploy/nats/auth.conf is the tested authorization block');
  const env = composeEnvironment(nats);
  for (const service of busServices) {
    const name = natsPasswordVariable(service);
    t.match(env.get(name), new RegExp(`^\\$\\{${name}:\\?`), `nats: ${name} is required`);
  }
});

t.test('compose: each service connects as its own NATS user with its own password', async (t) => {
  for (const service of busServices) {
    const env = composeEnvironment(services[service]);
    t.equal(env.get('NATS_USER'), service, `${service}: NATS_USER`);
    t.equal(env.get('NATS_PASSWORD'), `\${${natsPasswordVariable(service)}:-}`, `${service}: NATS_PASSWORD`);
  }
  t.notOk(composeEnvironment(services.gateway).has('NATS_USER'), 'the gateway does not touch the bus');
});
