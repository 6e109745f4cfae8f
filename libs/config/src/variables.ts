import { z } from 'zod';

/** One environment variable: how to parse it, and what the configuration reference says about it. */
export interface VarSpec<T = unknown> {
  schema: z.ZodType<T>;
  description: string;
  expected: string;
  secret: boolean;
  /** The raw default, as it would be written in the environment; absent means required (or optional). */
  default?: string;
  optional: boolean;
}

interface Common {
  description: string;
  secret?: boolean;
}
type WithDefault = Common & { default?: string };

function spec<T>(schema: z.ZodType<T>, expected: string, o: WithDefault, optional = false): VarSpec<T> {
  const s: VarSpec<T> = { schema, expected, description: o.description, secret: o.secret ?? false, optional };
  if (o.default !== undefined) s.default = o.default;
  return s;
}

export const env = {
  string: (o: WithDefault & { min?: number }) => spec(z.string().min(o.min ?? 1), o.min ? `a string of at least ${o.min} characters` : 'a non-empty string', o),
  optionalString: (o: Common & { min?: number }) =>
    spec<string | undefined>(
      z
        .string()
        .min(o.min ?? 1)
        .optional(),
      'a non-empty string, or unset',
      o,
      true,
    ),
  url: (o: WithDefault & { protocols?: string[] }) => {
    const protocols = o.protocols ?? ['http:', 'https:'];
    const schema = z.url().refine((u) => protocols.includes(new URL(u).protocol), `protocol must be one of ${protocols.join(' ')}`);
    return spec(schema, `a URL (${protocols.map((p) => p.replace(':', '')).join(', ')})`, o);
  },
  optionalUrl: (o: Common & { protocols?: string[] }) => {
    const protocols = o.protocols ?? ['http:', 'https:'];
    const schema = z
      .url()
      .refine((u) => protocols.includes(new URL(u).protocol), `protocol must be one of ${protocols.join(' ')}`)
      .optional();
    return spec<string | undefined>(schema, `a URL (${protocols.map((p) => p.replace(':', '')).join(', ')}), or unset`, o, true);
  },
  port: (o: WithDefault) => spec(z.coerce.number().int().min(0).max(65535), 'an integer port between 0 and 65535', o),
  int: (o: WithDefault & { min?: number; max?: number }) => {
    const min = o.min ?? Number.MIN_SAFE_INTEGER;
    const max = o.max ?? Number.MAX_SAFE_INTEGER;
    return spec(z.coerce.number().int().min(min).max(max), `an integer between ${min} and ${max}`, o);
  },
  number: (o: WithDefault & { min?: number; max?: number }) => {
    const min = o.min ?? -Infinity;
    const max = o.max ?? Infinity;
    return spec(z.coerce.number().min(min).max(max), `a number between ${min} and ${max}`, o);
  },
  enum: <const T extends readonly [string, ...string[]]>(values: T, o: WithDefault) => spec(z.enum(values), `one of ${values.join(', ')}`, o),
  bool: (o: WithDefault) =>
    spec(
      z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
      'true or false',
      o,
    ),
  list: (o: WithDefault) =>
    spec(
      z.string().transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
      'a comma-separated list',
      o,
    ),
};

export type ConfigSpec = Record<string, VarSpec<any>>;
export type ConfigOf<S extends ConfigSpec> = { [K in keyof S]: S[K] extends VarSpec<infer T> ? T : never };
