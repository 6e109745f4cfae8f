import { apiGuide, tagDescriptions } from './api-guide.js';
import { tidyComponents } from './api-components.js';
import { proxyRoutes } from './routes-table.js';

/** The parts of an OpenAPI 3.0 document this gateway reads and writes. */
export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  servers?: { url: string; description?: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, unknown>;
    securitySchemes: Record<string, unknown>;
    responses?: Record<string, unknown>;
    headers?: Record<string, unknown>;
  };
}
interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses?: Record<string, Response | { $ref: string }>;
  [key: string]: unknown;
}
interface Response {
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, unknown>;
}

export interface DescribeOptions {
  shopName: string;
  servers: { url: string; description: string }[];
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);
const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };
const rateHeaders = {
  'X-RateLimit-Limit': { $ref: '#/components/headers/RateLimitLimit' },
  'X-RateLimit-Remaining': { $ref: '#/components/headers/RateLimitRemaining' },
  'X-RateLimit-Reset': { $ref: '#/components/headers/RateLimitReset' },
};

/** What each status means here; a service that says more (a description of its own) keeps its words. */
const statusWords: Record<string, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted: the work continues in the background',
  204: 'Done; no body',
  302: 'Redirect to the file (object storage)',
  400: 'Malformed request or a field fails validation',
  401: 'Missing or invalid credentials',
  403: 'Not allowed for this caller',
  404: 'Not found (or not yours: existence does not leak)',
  409: 'Conflicts with the current state',
  410: 'Gone for good',
  413: 'Request body larger than the limit',
  416: 'Range not satisfiable',
  422: 'Understood but refused by a business rule',
  429: 'Too many requests',
  500: 'Unexpected failure (no internals are shown)',
  502: 'A provider (Stripe, a service) failed',
  503: 'Temporarily unavailable: retry later',
  504: 'A service did not answer in time',
};

const sharedResponses = {
  BadRequest: { description: statusWords[400], content: errorContent },
  Unauthorized: { description: statusWords[401], content: errorContent },
  PayloadTooLarge: { description: statusWords[413], content: errorContent },
  TooManyRequests: {
    description: 'Too many requests from this address in the window (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS)',
    headers: { ...rateHeaders, 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
    content: errorContent,
  },
  ServerError: { description: statusWords[500], content: errorContent },
  BadGateway: { description: statusWords[502], content: errorContent },
  Unavailable: { description: statusWords[503], content: errorContent },
  GatewayTimeout: { description: statusWords[504], content: errorContent },
};
const sharedHeaders = {
  RateLimitLimit: { description: 'Requests allowed per window', schema: { type: 'integer', example: 300 } },
  RateLimitRemaining: { description: 'Requests left in this window', schema: { type: 'integer', example: 299 } },
  RateLimitReset: { description: 'Seconds until the window resets', schema: { type: 'integer', example: 60 } },
  RetryAfter: { description: 'Seconds to wait before retrying', schema: { type: 'integer', example: 30 } },
};

function routeOf(path: string) {
  return proxyRoutes.find((r) => path === r.prefix || path.startsWith(`${r.prefix}/`));
}

/** The gateway's own answers, which no service can document: limits, rate limits, proxy failures. */
function describeOperation(operation: Operation, rateLimited: boolean): void {
  // OpenAPI ignores an `Authorization` header parameter: the security scheme says it instead.
  if (operation.parameters) operation.parameters = operation.parameters.filter((p) => !(p.in === 'header' && p.name.toLowerCase() === 'authorization'));
  if (operation.parameters?.length === 0) delete operation.parameters;
  // A public operation says so: no security requirement is not the same as an unknown one.
  operation.security ??= [];
  const responses = (operation.responses ??= {});
  for (const [status, response] of Object.entries(responses)) {
    if ('$ref' in response) continue;
    if (!response.description || response.description === 'Default Response') response.description = statusWords[status] ?? 'Response';
    if (rateLimited && status.startsWith('2')) response.headers = { ...rateHeaders, ...response.headers };
    if (status === '429') response.headers = { 'Retry-After': { $ref: '#/components/headers/RetryAfter' }, ...response.headers };
  }
  const add = (status: string, name: keyof typeof sharedResponses) => {
    if (!responses[status]) responses[status] = { $ref: `#/components/responses/${name}` };
  };
  // Any input can fail validation, and any credential can be wrong.
  if (operation.requestBody || operation.parameters?.length) add('400', 'BadRequest');
  if (Array.isArray(operation.security) && operation.security.length > 0) add('401', 'Unauthorized');
  if (operation.requestBody) add('413', 'PayloadTooLarge');
  if (rateLimited) add('429', 'TooManyRequests');
  add('500', 'ServerError');
  add('502', 'BadGateway');
  add('503', 'Unavailable');
  add('504', 'GatewayTimeout');
}

/**
 * The services' merged document as the gateway serves it: only the paths the gateway routes, the
 * gateway's own responses on each, the guide to the API, the servers it is reached at, and components
 * pruned to those used.
 */
export function describeApi(merged: OpenApiDocument, options: DescribeOptions): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const path of Object.keys(merged.paths).sort()) {
    const route = routeOf(path);
    if (!route) continue;
    const item = structuredClone(merged.paths[path]!);
    for (const [method, operation] of Object.entries(item)) if (METHODS.has(method)) describeOperation(operation, route.rateLimited);
    paths[path] = item;
  }
  const used = new Set(Object.values(paths).flatMap((item) => Object.values(item).flatMap((op) => (Array.isArray(op.tags) ? (op.tags as string[]) : []))));
  const document: OpenApiDocument = {
    openapi: merged.openapi,
    info: {
      title: `${options.shopName} API`,
      version: '0.1.0',
      description: apiGuide(options.shopName),
      // The shop's private API: its terms are this documentation, served by the gateway itself.
      license: { name: `Proprietary, ${options.shopName}`, url: `${options.servers[0]?.url ?? ''}/docs` },
    },
    servers: options.servers,
    tags: Object.entries(tagDescriptions)
      .filter(([name]) => used.has(name))
      .map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: merged.components.schemas,
      securitySchemes: merged.components.securitySchemes,
      responses: sharedResponses,
      headers: sharedHeaders,
    },
  };
  return tidyComponents(document);
}
