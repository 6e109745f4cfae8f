import { readinessReplySchema } from '@lumira/contracts/http';
import type { ReadinessCheck } from '@lumira/http';

/** The gateway is ready when every service says it is; the detail names what a failing one reported. */
export function upstreamReadiness(baseUrl: string, timeoutMs = 2000): ReadinessCheck {
  return async () => {
    try {
      const res = await fetch(new URL('/ready', baseUrl), { signal: AbortSignal.timeout(timeoutMs) });
      const parsed = readinessReplySchema.safeParse(await res.json());
      if (!parsed.success) return { status: 'down', detail: `unexpected /ready answer (HTTP ${res.status})` };
      const failing = Object.entries(parsed.data.checks).filter(([, c]) => c.status === 'down');
      if (parsed.data.status === 'ready') return { status: 'up', detail: 'ready' };
      return { status: 'down', detail: failing.map(([name, c]) => `${name}: ${c.detail ?? 'down'}`).join('; ') };
    } catch (err) {
      return { status: 'down', detail: `unreachable: ${(err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message}` };
    }
  };
}
