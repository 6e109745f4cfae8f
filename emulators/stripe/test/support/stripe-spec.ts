import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Ajv, type ValidateFunction } from 'ajv';

type Schema = Record<string, unknown>;

const fixtures = new URL('../fixtures/', import.meta.url);

/** Stripe's OpenAPI 3.0 `nullable: true`, said in JSON Schema (which ajv speaks). */
function translateNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(translateNullable);
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable') out[k] = translateNullable(v);
  if ((node as Schema).nullable !== true) return out;
  if (typeof out.type === 'string') {
    const nullable: Schema = { ...out, type: [out.type, 'null'] };
    if (Array.isArray(out.enum)) nullable.enum = [...out.enum, null];
    return nullable;
  }
  return { anyOf: [out, { type: 'null' }] };
}

export interface Operation {
  method: string;
  path: string;
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  parameters?: { name: string; in: string; schema: Schema }[];
}

/** Stripe's spec of 2023-09-12 (API version 2023-08-16), with a validator for its responses. */
export class StripeSpec {
  readonly doc: { paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>; components: { schemas: Record<string, Schema> } };
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.doc = JSON.parse(gunzipSync(readFileSync(new URL('spec3-2023-09-12.json.gz', fixtures))).toString('utf8'));
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    this.ajv.addFormat('unix-time', true).addFormat('decimal', true);
    this.ajv.addSchema({ $id: 'stripe', components: translateNullable(this.doc.components) as Schema });
  }

  schema(name: string): Schema | undefined {
    return this.doc.components.schemas[name];
  }

  /** Resolves `$ref` and single-member `anyOf` wrappers to the object schema they name. */
  resolve(schema: Schema | undefined): Schema | undefined {
    let s = schema;
    for (let i = 0; s && i < 5; i++) {
      if (typeof s.$ref === 'string') s = this.schema(s.$ref.replace('#/components/schemas/', ''));
      else if (Array.isArray(s.anyOf) && s.anyOf.length === 1) s = s.anyOf[0] as Schema;
      else break;
    }
    return s;
  }

  /** The operation of Stripe's spec an emulator route (`/v1/payment_intents/:id`) answers. */
  operation(method: string, route: string): Operation | undefined {
    const segments = route.split('/');
    for (const [path, ops] of Object.entries(this.doc.paths)) {
      const specSegments = path.split('/');
      if (specSegments.length !== segments.length) continue;
      if (!specSegments.every((s, i) => s === segments[i] || (s.startsWith('{') && segments[i]!.startsWith(':')))) continue;
      const op = ops[method.toLowerCase()];
      if (op) return { ...op, method, path };
    }
    return undefined;
  }

  private validator(key: string, schema: Schema): ValidateFunction {
    let v = this.compiled.get(key);
    if (!v) {
      v = this.ajv.compile(JSON.parse(JSON.stringify(translateNullable(schema)).replaceAll('"#/components/', '"stripe#/components/')));
      this.compiled.set(key, v);
    }
    return v;
  }

  /** Errors of a response body against the spec's schema for that operation and status ([] when it conforms). */
  validateResponse(op: Operation, status: number, body: unknown): string[] {
    const response = op.responses[String(status)] ?? op.responses.default;
    const schema = response?.content?.['application/json']?.schema;
    if (!schema) return [`no response schema for ${op.method} ${op.path} ${status}`];
    return this.errors(`${op.method} ${op.path} ${status in op.responses ? status : 'default'}`, schema, body);
  }

  /** Errors of a body against a named schema (`payment_intent`, `event`, …). */
  validateObject(name: string, body: unknown): string[] {
    return this.errors(name, { $ref: `#/components/schemas/${name}` }, body);
  }

  private errors(key: string, schema: Schema, body: unknown): string[] {
    const v = this.validator(key, schema);
    if (v(body)) return [];
    return (v.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${e.params ? JSON.stringify(e.params) : ''}`);
  }

  /** Names (with nesting, `a[b]`) of the parameters the spec lets an operation take. */
  parameterNames(op: Operation): Set<string> {
    const names = new Set<string>();
    const walk = (schema: Schema | undefined, prefix: string) => {
      const s = this.resolve(schema);
      if (!s) return;
      const variants = [s, ...((s.anyOf as Schema[] | undefined) ?? []).map((x) => this.resolve(x) ?? {})];
      for (const v of variants) {
        for (const [name, child] of Object.entries((v.properties as Record<string, Schema> | undefined) ?? {})) {
          const path = prefix ? `${prefix}[${name}]` : name;
          names.add(path);
          walk(child, path);
        }
      }
    };
    walk(op.requestBody?.content['application/x-www-form-urlencoded']?.schema, '');
    for (const p of op.parameters ?? []) {
      if (p.in !== 'query') continue;
      names.add(p.name);
      walk(p.schema, p.name);
    }
    return names;
  }
}

export function loadFixtures(): Record<string, Record<string, unknown>> {
  return (JSON.parse(readFileSync(new URL('fixtures3.json', fixtures), 'utf8')) as { resources: Record<string, Record<string, unknown>> }).resources;
}
