/** A compose `environment` block, list or map form, as written (before interpolation). */
export function composeEnvironment(service: any): Map<string, string> {
  const env = new Map<string, string>();
  const block = service.environment ?? [];
  if (Array.isArray(block)) {
    for (const entry of block as string[]) {
      const at = entry.indexOf('=');
      env.set(at < 0 ? entry : entry.slice(0, at), at < 0 ? '' : entry.slice(at + 1));
    }
  } else {
    for (const [name, value] of Object.entries(block)) env.set(name, value == null ? '' : String(value));
  }
  return env;
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g;

/** Names a compose value interpolates. */
export function interpolatedNames(value: string): string[] {
  return [...value.matchAll(REFERENCE)].map((m) => m[1]!);
}

/**
 * Compose's interpolation (`${X}`, `${X:-d}`, `${X-d}`, `${X:?err}`, `${X?err}`) against the variables of
 * a `.env`. Variables compose would refuse to start without are reported rather than resolved.
 */
export function interpolate(value: string, dotenv: Record<string, string>): { value: string; demanded: string[] } {
  const demanded: string[] = [];
  const resolved = value.replace(REFERENCE, (_all, name: string, op: string | undefined, arg: string | undefined) => {
    const set = Object.hasOwn(dotenv, name);
    const given = dotenv[name] ?? '';
    if (op === ':-') return given !== '' ? given : (arg ?? '');
    if (op === '-') return set ? given : (arg ?? '');
    if ((op === ':?' && given === '') || (op === '?' && !set)) demanded.push(name);
    return given;
  });
  return { value: resolved, demanded };
}

/** The environment a container receives from its `environment` block, with the given `.env`. */
export function containerEnvironment(service: any, dotenv: Record<string, string> = {}): { env: Record<string, string>; demanded: string[] } {
  const env: Record<string, string> = {};
  const demanded: string[] = [];
  for (const [name, raw] of composeEnvironment(service)) {
    const r = interpolate(raw, dotenv);
    env[name] = r.value;
    demanded.push(...r.demanded);
  }
  return { env, demanded };
}

/** "127.0.0.1:3000:3000" → host address, published and container port. */
export function portMapping(spec: string): { host: string | undefined; published: number; target: number } {
  const parts = spec.split(':');
  const target = Number(parts.at(-1));
  const published = Number(parts.at(-2) ?? target);
  return { host: parts.length === 3 ? parts[0] : undefined, published, target };
}
