import t from 'tap';
import { describeApi, type OpenApiDocument } from '../src/api-description.js';
import { tidyComponents } from '../src/api-components.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function merged(): OpenApiDocument {
  return {
    openapi: '3.0.3',
    info: {},
    paths: {
      '/api/products': {
        get: {
          operationId: 'listProducts',
          tags: ['products'],
          responses: { 200: { description: 'Default Response', content: { 'application/json': { schema: ref('ProductList') } } } },
        },
      },
      '/api/orders/{id}': {
        get: {
          operationId: 'getOrder',
          tags: ['orders'],
          security: [{ orderToken: [] }],
          parameters: [
            { in: 'header', name: 'authorization' },
            { in: 'path', name: 'id' },
          ],
          responses: { 200: { description: 'Default Response' }, 404: { description: 'Default Response' } },
        },
      },
      '/api/payments/create-payment-intent': {
        post: {
          operationId: 'checkout',
          requestBody: { content: { 'application/json': { schema: ref('CheckoutRequestInput') } } },
          responses: { 429: { description: 'Default Response' } },
        },
      },
      '/api/webhooks/stripe': { post: { operationId: 'receiveStripeEvent', requestBody: {}, responses: { 200: { description: 'Default Response' } } } },
      '/internal/only': { get: { operationId: 'notRouted', responses: {} } },
    },
    components: {
      schemas: {
        ProductList: { type: 'object', properties: { products: { type: 'array', items: ref('Product') } } },
        Product: { type: 'object' },
        Unused: { type: 'string' },
        CheckoutRequestInput: { type: 'object', properties: { locale: { allOf: [ref('LocaleInput')] } } },
        LocaleInput: { type: 'string', enum: ['fr', 'en'] },
        Locale: { type: 'string', enum: ['fr', 'en'] },
      },
      securitySchemes: { orderToken: { type: 'http', scheme: 'bearer' } },
    },
  };
}

t.test("the gateway's document: routed paths only, its own answers on each, the reader's server", async (t) => {
  const doc = describeApi(merged(), { shopName: 'Maison', servers: [{ url: 'http://10.0.0.5:3000', description: 'here' }] });
  t.same(
    Object.keys(doc.paths),
    ['/api/orders/{id}', '/api/payments/create-payment-intent', '/api/products', '/api/webhooks/stripe'],
    'a path the gateway does not route is left out',
  );
  t.equal(doc.info.title, 'Maison API');
  t.same(doc.servers, [{ url: 'http://10.0.0.5:3000', description: 'here' }]);

  const products = doc.paths['/api/products']!.get!;
  t.same(products.security, [], 'a public operation says so');
  t.equal((products.responses as any)['200'].description, 'OK', 'no "Default Response"');
  t.ok((products.responses as any)['200'].headers['X-RateLimit-Remaining'], 'rate-limit headers on a limited route');
  t.same((products.responses as any)['429'], { $ref: '#/components/responses/TooManyRequests' });
  t.notOk((products.responses as any)['413'], 'no body, no 413');
  for (const status of ['500', '502', '503', '504']) t.ok((products.responses as any)[status], `${status} documented`);

  const order = doc.paths['/api/orders/{id}']!.get!;
  t.same(order.parameters, [{ in: 'path', name: 'id' }], 'Authorization is the security scheme, not a parameter');
  t.same(order.security, [{ orderToken: [] }]);
  t.same((order.responses as any)['400'], { $ref: '#/components/responses/BadRequest' }, 'a parameter can be malformed');
  t.same((order.responses as any)['401'], { $ref: '#/components/responses/Unauthorized' }, 'a credential can be wrong');
  t.notOk((products.responses as any)['401'], 'a public operation asks for no credential');

  const checkout = doc.paths['/api/payments/create-payment-intent']!.post!;
  t.same((checkout.responses as any)['413'], { $ref: '#/components/responses/PayloadTooLarge' });
  t.ok((checkout.responses as any)['429'].headers['Retry-After'], "a service's own 429 says when to retry");

  const webhook = doc.paths['/api/webhooks/stripe']!.post!;
  t.notOk((webhook.responses as any)['429'], 'Stripe is never rate limited');
  t.notOk((webhook.responses as any)['200'].headers, 'nor told about limits');

  t.same(doc.tags?.map((tag) => tag.name).sort(), ['orders', 'products'], 'only the tags in use, each described');
});

t.test('components: only those reached, input names made plain, lone allOf unwrapped', async (t) => {
  const doc = describeApi(merged(), { shopName: 'Maison', servers: [{ url: 'http://10.0.0.5:3000', description: 'here' }] });
  t.same(Object.keys(doc.components.schemas), ['CheckoutRequest', 'Locale', 'Product', 'ProductList']);
  t.same((doc.components.schemas.CheckoutRequest as any).properties.locale, ref('Locale'), 'LocaleInput is the same as Locale');
  t.same((doc.paths['/api/payments/create-payment-intent']!.post!.requestBody as any).content['application/json'].schema, ref('CheckoutRequest'));
});

t.test('an input schema that differs from its output twin keeps its own name', async (t) => {
  const doc = merged();
  doc.paths = { '/a': { get: { responses: { 200: { content: { 'application/json': { schema: { anyOf: [ref('Limit'), ref('LimitInput')] } } } } } } } };
  doc.components.schemas = { Limit: { type: 'integer' }, LimitInput: { type: 'string' } };
  t.same(Object.keys(tidyComponents(doc).components.schemas), ['Limit', 'LimitInput']);
});
