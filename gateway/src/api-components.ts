import type { OpenApiDocument } from './api-description.js';

const REF = /"#\/components\/(schemas|responses|headers)\/([^"]+)"/g;

function refsIn(value: unknown): { kind: string; name: string }[] {
  return [...JSON.stringify(value).matchAll(REF)].map((m) => ({ kind: m[1]!, name: m[2]! }));
}

/**
 * Every service registers every contract, as input and as output (zod's type provider names input
 * schemas `…Input`): the merged set has many that no operation uses. Only what the paths reach is kept,
 * and an input schema with no output twin, or the same as its twin, takes the plain name (`CheckoutRequestInput` → `CheckoutRequest`).
 */
/** `allOf` around a single `$ref` (zod's way to mark an optional reference) says nothing more than the `$ref`. */
function unwrapLoneAllOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapLoneAllOf);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const only = (value as { allOf?: unknown[] }).allOf;
  if (entries.length === 1 && Array.isArray(only) && only.length === 1) return unwrapLoneAllOf(only[0]);
  return Object.fromEntries(entries.map(([key, child]) => [key, unwrapLoneAllOf(child)]));
}

export function tidyComponents(given: OpenApiDocument): OpenApiDocument {
  const document = unwrapLoneAllOf(given) as OpenApiDocument;
  const components = document.components as unknown as Record<string, Record<string, unknown>>;
  const reached = new Set<string>();
  const queue = refsIn(document.paths);
  while (queue.length > 0) {
    const { kind, name } = queue.pop()!;
    const key = `${kind}/${name}`;
    if (reached.has(key) || !components[kind]?.[name]) continue;
    reached.add(key);
    queue.push(...refsIn(components[kind][name]));
  }
  for (const kind of ['schemas', 'responses', 'headers']) {
    const all = components[kind] ?? {};
    components[kind] = Object.fromEntries(
      Object.keys(all)
        .sort()
        .filter((name) => reached.has(`${kind}/${name}`))
        .map((name) => [name, all[name]]),
    );
  }
  const renames = Object.keys(components.schemas!)
    .filter((name) => {
      if (!name.endsWith('Input')) return false;
      const twin = components.schemas![name.slice(0, -'Input'.length)];
      return twin === undefined || JSON.stringify(twin) === JSON.stringify(components.schemas![name]);
    })
    .map((name) => [name, name.slice(0, -'Input'.length)] as const);
  if (renames.length === 0) return document;
  let text = JSON.stringify(document);
  for (const [from, to] of renames) text = text.replaceAll(`"#/components/schemas/${from}"`, `"#/components/schemas/${to}"`);
  const renamed = JSON.parse(text) as OpenApiDocument;
  const schemas = renamed.components.schemas;
  for (const [from, to] of renames) {
    schemas[to] = schemas[from];
    delete schemas[from];
  }
  renamed.components.schemas = Object.fromEntries(
    Object.keys(schemas)
      .sort()
      .map((name) => [name, schemas[name]]),
  );
  return renamed;
}
