import type { CustomerReadingView, ExpertReadingView } from '@lumira/contracts/fulfilment';
import type { LinkMaker } from './downloads/download-links.js';
import { missingKinds, type ReadingDoc } from './reading.js';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** What the Expert App shows: the purchase, the promise, the files so far (with preview links) and what is missing. */
export function expertReadingView(reading: ReadingDoc, links: LinkMaker): ExpertReadingView {
  return {
    id: reading._id,
    orderId: reading.orderId,
    status: reading.status,
    productId: reading.productId,
    productName: reading.productName,
    level: reading.level,
    customerName: reading.customerName,
    locale: reading.locale,
    deliverables: reading.deliverables,
    files: reading.status === 'revoked' || reading.status === 'suspended' ? [] : links(reading),
    missing: missingKinds(reading),
    claimedBy: reading.claimedBy,
    claimedAt: iso(reading.claimedAt),
    queuedAt: reading.purchasedAt.toISOString(),
    deliveredAt: iso(reading.deliveredAt),
  };
}

/** What the customer sees of one purchase: its state, why it is withdrawn if it is, and once delivered its files. */
export function customerReadingView(reading: ReadingDoc, links: LinkMaker): CustomerReadingView {
  return {
    readingId: reading._id,
    orderId: reading.orderId,
    productId: reading.productId,
    productName: reading.productName,
    level: reading.level,
    amount: reading.amount,
    currency: reading.currency,
    purchasedAt: reading.purchasedAt.toISOString(),
    status: reading.status,
    promised: reading.deliverables,
    deliveredAt: iso(reading.deliveredAt),
    suspended: reading.status === 'suspended' && reading.suspendedAt ? { reason: 'dispute_open', since: reading.suspendedAt.toISOString() } : null,
    revoked:
      reading.status === 'revoked' && reading.revokedAt && reading.revokedReason
        ? { reason: reading.revokedReason, at: reading.revokedAt.toISOString() }
        : null,
    files: reading.status === 'delivered' ? links(reading) : [],
  };
}
