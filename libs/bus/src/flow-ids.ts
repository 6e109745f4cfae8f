/**
 * The ids a purchase is searched by in the logs, taken from an event's or an RPC request's data when it
 * names them: every line a handler writes through `ctx.log` then carries them without the handler
 * repeating them.
 */
export function flowIds(data: unknown): { orderId?: string; paymentIntentId?: string } {
  if (typeof data !== 'object' || data === null) return {};
  const { orderId, paymentIntentId } = data as { orderId?: unknown; paymentIntentId?: unknown };
  return { ...(typeof orderId === 'string' ? { orderId } : {}), ...(typeof paymentIntentId === 'string' ? { paymentIntentId } : {}) };
}
