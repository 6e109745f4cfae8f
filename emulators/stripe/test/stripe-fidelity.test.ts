import { readdirSync, readFileSync } from 'node:fs';
import t from 'tap';
import Fastify from 'fastify';
import Stripe from 'stripe';
import { createStripeEmulator, endpointRules, type Rules } from '@lumira/stripe-emulator';
import { waitFor } from '@lumira/testing';
import { recordResponses } from './support/recorder.js';
import { exerciseEveryEndpoint } from './support/scenarios.js';
import { loadFixtures, StripeSpec } from './support/stripe-spec.js';
import { StripeTypes } from './support/stripe-types.js';

const spec = new StripeSpec();
const types = new StripeTypes();
const fixtures = loadFixtures();

const emulator = createStripeEmulator({
  timing: { processingMs: 10, refundMs: 10, disputeMs: 10, disputeDecisionMs: 10 },
  delivery: { initialDelayMs: 10, maxAttempts: 2 },
});
const recorded = recordResponses(emulator);
const base = await emulator.listen();
t.teardown(() => emulator.close());

const delivered: unknown[] = [];
const hook = Fastify();
hook.post('/hook', async (req) => {
  delivered.push(req.body);
  return { ok: true };
});
const hookUrl = await hook.listen({ port: 0, host: '127.0.0.1' });
t.teardown(() => hook.close());
emulator.setWebhook({ url: `${hookUrl}/hook`, secret: 'whsec_fidelity' });

const url = new URL(base);
const client = (key: string) => new Stripe(key, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
await exerciseEveryEndpoint(client('sk_test_fidelity'), emulator, base, client('pk_test_wrong'));
await waitFor(() => emulator.runScheduled() === 0, { what: 'every later change done' });
await emulator.flushWebhooks();

const stripeRoute = (r: { route: string }) => r.route.startsWith('/v1/');

t.test('every route the emulator serves was exercised, and each Stripe route answered a 2xx', async (t) => {
  for (const { method, url: route } of emulator.servedRoutes()) {
    const hits = recorded.filter((r) => r.method === method && r.route === route);
    t.ok(hits.length > 0, `${method} ${route} exercised`);
    if (route.startsWith('/v1/'))
      t.ok(
        hits.some((r) => r.status < 300),
        `${method} ${route} answered a 2xx`,
      );
  }
});

t.test("every answer validates against the operation's schema in Stripe's spec (2023-09-12)", async (t) => {
  const statuses = new Set<number>();
  for (const r of recorded.filter(stripeRoute)) {
    const op = spec.operation(r.method, r.route);
    if (!op) {
      t.fail(`${r.method} ${r.route} is not an operation of Stripe's spec`);
      continue;
    }
    statuses.add(r.status);
    t.same(spec.validateResponse(op, r.status, r.body), [], `${r.method} ${r.route} ${r.status}`);
  }
  for (const r of recorded.filter((r) => r.route === '(not found)')) t.same(spec.validateObject('error', r.body), [], 'unrecognised URL');
  for (const r of recorded.filter((r) => r.route.startsWith('/_emulator/3ds') && r.contentType.includes('json')))
    t.same(spec.validateObject('payment_intent', r.body), [], 'the 3-D Secure page answers the PaymentIntent');
  t.same([...statuses].sort(), [200, 400, 401, 402, 404, 429, 500], 'answers of every status the services meet were checked');
});

t.test('every webhook delivery validates as an event, and its object as that object', async (t) => {
  t.ok(delivered.length > 50, `${delivered.length} deliveries`);
  const types = new Set<string>();
  for (const e of delivered as Stripe.Event[]) {
    types.add(e.type);
    t.same(spec.validateObject('event', e), [], `${e.type} envelope`);
    const object = (e.data.object as { object: string }).object;
    t.same(spec.validateObject(object, e.data.object), [], `${e.type} object`);
  }
  for (const type of [
    'payment_intent.requires_action',
    'payment_intent.processing',
    'charge.pending',
    'refund.failed',
    'charge.refund.updated',
    'charge.dispute.created',
    'charge.dispute.closed',
    'charge.dispute.funds_reinstated',
  ]) {
    t.ok(types.has(type), `${type} delivered`);
  }
});

/** Property names Stripe's spec gives at a path such as `charge.outcome` or `payment_intent.last_payment_error`. */
function specFieldsAt(path: string): Set<string> {
  const [root, ...steps] = path.split('.');
  let schemas = [spec.resolve(spec.schema(root!))];
  for (const raw of steps) {
    const step = raw.replace(/\[\]$/, '');
    const next = schemas.flatMap((s) => {
      const variants = [s, ...((s?.anyOf as Record<string, unknown>[] | undefined) ?? []).map((x) => spec.resolve(x))];
      return variants.map((v) => spec.resolve((v?.properties as Record<string, Record<string, unknown>> | undefined)?.[step]));
    });
    schemas = raw.endsWith('[]') ? next.map((s) => spec.resolve(s?.items as Record<string, unknown> | undefined)) : next;
  }
  const names = new Set<string>();
  for (const s of schemas) {
    for (const v of [s, ...((s?.anyOf as Record<string, unknown>[] | undefined) ?? []).map((x) => spec.resolve(x))]) {
      for (const name of Object.keys((v?.properties as object | undefined) ?? {})) names.add(name);
    }
  }
  return names;
}

/** Every Stripe object inside the recorded answers and deliveries, by its `object`. */
function objectsIn(value: unknown, found = new Map<string, Record<string, unknown>[]>()) {
  if (Array.isArray(value)) for (const v of value) objectsIn(v, found);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.object === 'string' && typeof o.id === 'string' && !o.deleted) found.set(o.object, [...(found.get(o.object) ?? []), o]);
    for (const v of Object.values(o)) objectsIn(v, found);
  }
  return found;
}
const objects = objectsIn([recorded.filter((r) => r.status < 500).map((r) => r.body), delivered]);

t.test("every object has the fields stripe-node's types declare always present, and no field unknown to Stripe", async (t) => {
  for (const kind of ['payment_intent', 'charge', 'refund', 'dispute', 'customer', 'payment_method', 'event']) {
    const all = objects.get(kind) ?? [];
    t.ok(all.length > 0, `${kind}: ${all.length} objects seen`);
    const problems = new Set(all.flatMap((o) => types.check(kind, o, (at) => specFieldsAt(at))));
    t.same([...problems], [], kind);
  }
});

/** Fixture fields the emulator leaves out on purpose. */
const notEmulated: Record<string, Record<string, string>> = {
  charge: { refunds: 'includable only with expand[]=refunds since API 2022-11-15; the emulator does not include it' },
};

t.test("every object carries the fields of Stripe's fixture for it", async (t) => {
  for (const kind of ['payment_intent', 'charge', 'refund', 'dispute', 'customer', 'payment_method']) {
    const keys = new Set((objects.get(kind) ?? []).flatMap((o) => Object.keys(o)));
    const missing = Object.keys(fixtures[kind]!).filter((k) => !keys.has(k) && !notEmulated[kind]?.[k]);
    t.same(missing, [], `${kind}: no fixture field missing`);
  }
});

function names(rules: Rules, prefix = ''): string[] {
  return Object.entries(rules).flatMap(([name, rule]) => {
    const path = prefix ? `${prefix}[${name}]` : name;
    return typeof rule === 'object' && 'object' in rule ? [path, ...names(rule.object, path)] : [path];
  });
}

/** Parameters Stripe accepts that its spec does not list. */
const undocumented: Record<string, string[]> = {
  // Stripe's guide to card tokens with PaymentIntents: `payment_method_data[type]=card&payment_method_data[card][token]=tok_visa`.
  'POST /v1/payment_intents': ['payment_method_data[card]', 'payment_method_data[card][token]'],
  'POST /v1/payment_intents/:id/confirm': ['payment_method_data[card]', 'payment_method_data[card][token]'],
};

t.test("every parameter the emulator accepts is one Stripe's spec names for that endpoint", async (t) => {
  t.ok(endpointRules.size >= 18);
  for (const [endpoint, rules] of endpointRules) {
    const [method, route] = endpoint.split(' ') as [string, string];
    const op = spec.operation(method, route);
    if (!op) {
      t.fail(`${endpoint} is not in Stripe's spec`);
      continue;
    }
    const known = spec.parameterNames(op);
    t.same(
      names(rules).filter((n) => !known.has(n) && !undocumented[endpoint]?.includes(n)),
      [],
      endpoint,
    );
  }
});

/** How stripe-node's methods map to the emulator's routes. */
const callRoutes: Record<string, string> = {
  'customers.create': 'POST /v1/customers',
  'customers.retrieve': 'GET /v1/customers/:id',
  'customers.list': 'GET /v1/customers',
  'customers.del': 'DELETE /v1/customers/:id',
  'paymentIntents.create': 'POST /v1/payment_intents',
  'paymentIntents.retrieve': 'GET /v1/payment_intents/:id',
  'paymentIntents.confirm': 'POST /v1/payment_intents/:id/confirm',
  'paymentIntents.cancel': 'POST /v1/payment_intents/:id/cancel',
  'paymentMethods.retrieve': 'GET /v1/payment_methods/:id',
  'charges.retrieve': 'GET /v1/charges/:id',
  'refunds.create': 'POST /v1/refunds',
  'refunds.retrieve': 'GET /v1/refunds/:id',
  'refunds.list': 'GET /v1/refunds',
  'disputes.list': 'GET /v1/disputes',
  'disputes.retrieve': 'GET /v1/disputes/:id',
  'disputes.update': 'POST /v1/disputes/:id',
  'disputes.close': 'POST /v1/disputes/:id/close',
  'events.list': 'GET /v1/events',
  'events.retrieve': 'GET /v1/events/:id',
};

t.test('every Stripe call the services make goes to a route the emulator serves, checked above', async (t) => {
  const services = new URL('../../../services/', import.meta.url);
  const calls = new Set<string>();
  for (const file of readdirSync(services, { recursive: true }) as string[]) {
    if (!/\/src\/.*\.ts$/.test(`/${file}`)) continue;
    for (const m of readFileSync(new URL(file, services), 'utf8').matchAll(/\bstripe\.(\w+)\.(\w+)\(/g)) calls.add(`${m[1]}.${m[2]}`);
  }
  t.ok(calls.size >= 3, `found ${[...calls].join(', ')}`);
  const served = new Set(emulator.servedRoutes().map((r) => `${r.method} ${r.url}`));
  for (const call of calls) {
    const route = callRoutes[call];
    t.ok(route, `${call} is mapped to a route (add it to callRoutes)`);
    if (!route) continue;
    t.ok(served.has(route), `${call} → ${route} is served`);
    t.ok(
      recorded.some((r) => `${r.method} ${r.route}` === route && r.status < 300),
      `${call} → ${route} answered a 2xx in this test`,
    );
  }
});
