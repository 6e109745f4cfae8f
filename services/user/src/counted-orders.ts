/**
 * Which completed orders a user's total already counts, so a redelivered `order.completed` adds nothing.
 * The map would grow with every order for good; an entry only has to outlive any redelivery of its event
 * (the stream keeps messages 7 days, dead letters 30), so entries counted before this horizon are dropped.
 */
export const COUNTED_HORIZON_MS = 60 * 24 * 3600 * 1000;

/** Earlier versions stored `true` (no date): kept, since their age is unknown. */
export type CountedOrders = Record<string, number | true>;

/** The keys to drop: entries counted (epoch ms) before the horizon. */
export function expiredCounted(counted: CountedOrders, now: number): string[] {
  return Object.entries(counted)
    .filter(([, at]) => typeof at === 'number' && at < now - COUNTED_HORIZON_MS)
    .map(([orderId]) => orderId);
}
