import type { ConfigOf, ConfigSpec } from './variables.js';

/** Carries one line per offending variable; printed as-is, never with a stack trace. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration for ${service}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function show(raw: string, secret: boolean): string {
  if (secret) return '(value hidden)';
  const clipped = raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
  return JSON.stringify(clipped);
}

export function loadConfig<S extends ConfigSpec>(service: string, spec: S, source: Record<string, string | undefined> = process.env): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, v] of Object.entries(spec)) {
    const given = source[name];
    const raw = given === undefined || given === '' ? v.default : given;
    if (raw === undefined) {
      if (v.optional) {
        out[name] = undefined;
        continue;
      }
      problems.push(`${name}: is required but not set; expected ${v.expected} (${v.description})`);
      continue;
    }
    const parsed = v.schema.safeParse(raw);
    if (parsed.success) {
      out[name] = parsed.data;
    } else {
      // `expected` is written for the operator; zod's own issue text ("expected number, received NaN") is not.
      problems.push(`${name}: invalid value ${show(raw, v.secret)}; expected ${v.expected}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(service, problems);
  return out as ConfigOf<S>;
}

/** The process-level reaction to bad configuration: one line per problem on stderr, exit code 1. */
export function exitOnConfigError(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(err.problems.map((p) => `${err.service}: ${p}\n`).join(''));
    process.exit(1);
  }
  throw err;
}
