import type { FastifyRequest } from 'fastify';
import type { Scheduler } from '../scheduler.js';
import type { EmulatorStore, RequestInfo } from '../store.js';

/** How long Stripe takes to do things on its own, in this emulator (tests shorten them or run them at once). */
export interface Timing {
  /** A SEPA debit in `processing` until it settles. */
  processingMs: number;
  /** A pending refund (or one that will fail) until it settles. */
  refundMs: number;
  /** A dispute card's charge until its dispute opens. */
  disputeMs: number;
  /** Evidence submitted until the dispute is decided (`winning_evidence` / `losing_evidence`). */
  disputeDecisionMs: number;
}

export const defaultTiming: Timing = { processingMs: 3000, refundMs: 2000, disputeMs: 500, disputeDecisionMs: 2000 };

export interface ApiContext {
  store: EmulatorStore;
  scheduler: Scheduler;
  timing: Timing;
  /** The emulator's own address, for the 3-D Secure page a `redirect_to_url` points to. */
  baseUrl(): string;
}

export const requestInfo = (req: FastifyRequest): RequestInfo => ({
  id: String(req.id),
  idempotencyKey: (req.headers['idempotency-key'] as string | undefined) ?? null,
});

export const paramsOf = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;
export const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;
