import type { OutboxFields } from '@lumira/bus';
import type { Locale } from '@lumira/contracts/events';
import type { DeliverableKind, Deliverables } from '@lumira/contracts/catalog';
import type { ReadingStatus, RevocationReason } from '@lumira/contracts/fulfilment';
import type { ReadingMoney } from './reading-money.js';
import type { FileFormat } from './uploads/file-format.js';

/** A file of a reading as stored; `key` is its object key, made of ids only (no customer data). */
export interface StoredFile {
  id: string;
  key: string;
  format: FileFormat;
  contentType: string;
  size: number;
  durationSeconds: number | null;
  uploadedAt: Date;
  uploadedBy: string;
}

/** One reading per completed order: what the customer bought, what the level promises, and its files. */
export interface ReadingDoc extends OutboxFields {
  _id: string;
  orderId: string;
  userId: string;
  /** Normalised (lower case), as the order carries it: the customer's sign-in finds readings by it. */
  customerEmail: string;
  customerName: string | null;
  locale: Locale;
  productId: string;
  productName: string;
  level: number;
  amount: number;
  currency: string;
  purchasedAt: Date;
  deliverables: Deliverables;
  status: ReadingStatus;
  /** While suspended or revoked: where the expert's work stood, and where the reading goes back if money allows. */
  resumeStatus: ReadingStatus | null;
  /** The order's refunds and disputes as they reached this reading; absent on readings no money event touched. */
  money?: ReadingMoney;
  /** Bumped by each money change, so two events applied at once cannot overwrite each other's marks. */
  moneyRevision?: number;
  suspendedAt: Date | null;
  claimedBy: string | null;
  claimedAt: Date | null;
  files: Partial<Record<DeliverableKind, StoredFile>>;
  /** `<purchase time>|<id>`: oldest first, unique, and a cursor the list can resume after. */
  queueKey: string;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
  revokedAt: Date | null;
  revokedReason: RevocationReason | null;
}

export const deliverableKinds: DeliverableKind[] = ['pdf', 'audio', 'image'];

export function requiredKinds(deliverables: Deliverables): DeliverableKind[] {
  return deliverableKinds.filter((kind) => deliverables[kind] !== undefined);
}

/** What the level promises and the reading does not have yet, in a fixed order. */
export function missingKinds(reading: Pick<ReadingDoc, 'deliverables' | 'files'>): DeliverableKind[] {
  return requiredKinds(reading.deliverables).filter((kind) => !reading.files[kind]);
}

export const queueKeyOf = (purchasedAt: Date, readingId: string): string => `${purchasedAt.toISOString()}|${readingId}`;

/** The name a download is saved under: the product and the kind, never the customer. */
export function downloadName(reading: Pick<ReadingDoc, 'productId'>, kind: DeliverableKind, format: FileFormat): string {
  const extension = format === 'jpeg' ? 'jpg' : format;
  const what = { pdf: 'reading', audio: 'recording', image: 'image' }[kind];
  return `lumira-${reading.productId}-${what}.${extension}`;
}
