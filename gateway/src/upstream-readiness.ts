import { readinessReplySchema } from '@lumira/contracts/http';
import type { ReadinessCheck } from '@lumira/http';
// Not the global fetch: the proxy loads undici's pools anyway, and fetch is Node's own copy of undici.
import { get } from '@lumira/http/undici';

/** The gateway is ready when every service says it is; the detail names what a failing one reported. */
export function upstreamReadiness(baseUrl: string, timeoutMs = 2000): ReadinessCheck {
  return async () => {
    try {
      const res = await get(new URL('/ready', baseUrl), timeoutMs);
      const parsed = readinessReplySchema.safeParse(await res.body.json());
      if (!parsed.success) return { status: 'down', detail: `unexpected /ready answer (HTTP ${res.statusCode})` };
      const failing = Object.entries(parsed.data.checks).filter(([, c]) => c.status === 'down');
      if (parsed.data.status === 'ready') return { status: 'up', detail: 'ready' };
      return { status: 'down', detail: failing.map(([name, c]) => `${name}: ${c.detail ?? 'down'}`).join('; ') };
    } catch (err) {
      return { status: 'down', detail: `unreachable: ${(err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message}` };
    }
  };
}
