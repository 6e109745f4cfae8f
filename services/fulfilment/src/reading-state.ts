import type { ReadingStatus } from '@lumira/contracts/fulfilment';

/**
 * How a reading moves. Work goes forward (queued → in_progress → delivered, with a claim that can be
 * given back); money decides the rest: a dispute suspends the reading wherever it was and a won dispute
 * puts it back there; a full refund or a lost dispute revokes it for good.
 */
export type ReadingMove = 'claim' | 'release' | 'work' | 'deliver' | 'suspend' | 'reinstate' | 'revoke';

const accepting: Record<ReadingMove, readonly ReadingStatus[]> = {
  claim: ['queued'],
  release: ['in_progress'],
  /** Uploading or removing a file: only while the reading is claimed. */
  work: ['in_progress'],
  deliver: ['in_progress'],
  suspend: ['queued', 'in_progress', 'delivered'],
  reinstate: ['suspended'],
  revoke: ['queued', 'in_progress', 'delivered', 'suspended'],
};

export const statusesAccepting = (move: ReadingMove): ReadingStatus[] => [...accepting[move]];

/** Where a move leads; a reinstatement leads back to the status the suspension interrupted. */
export function targetOf(move: Exclude<ReadingMove, 'reinstate' | 'work'>): ReadingStatus {
  const targets = { claim: 'in_progress', release: 'queued', deliver: 'delivered', suspend: 'suspended', revoke: 'revoked' } as const;
  return targets[move];
}

/** Why a move is refused, in the words the Expert App shows. */
export function refusal(move: ReadingMove, status: ReadingStatus): string {
  if (status === 'revoked') return 'This reading was revoked (refund or lost dispute): nothing more can be done on it';
  if (status === 'suspended') return 'This reading is suspended while a payment dispute is open';
  if (status === 'delivered') return 'This reading is already delivered';
  if (move === 'claim') return 'This reading is already claimed';
  return 'Claim this reading before working on it';
}
