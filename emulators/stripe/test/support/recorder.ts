import type { StripeEmulator } from '@lumira/stripe-emulator';

export interface Recorded {
  method: string;
  route: string;
  status: number;
  body: unknown;
  contentType: string;
}

/** Keeps every answer the emulator gives (route pattern, status, parsed JSON body); add before it listens. */
export function recordResponses(emulator: StripeEmulator): Recorded[] {
  const recorded: Recorded[] = [];
  emulator.app.addHook('onSend', async (req, reply, payload) => {
    const contentType = String(reply.getHeader('content-type') ?? '');
    let body: unknown = payload;
    if (contentType.includes('json') && typeof payload === 'string') body = JSON.parse(payload);
    recorded.push({ method: req.method, route: req.routeOptions.url ?? '(not found)', status: reply.statusCode, body, contentType });
    return payload;
  });
  return recorded;
}
