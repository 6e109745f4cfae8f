export {
  DuplicateKeyError,
  isDuplicateKeyError,
  insertIfAbsent,
  type Collection,
  type Doc,
  type Filter,
  type FindOptions,
  type IndexKeys,
  type IndexOptions,
  type Store,
  type StoreRoot,
  type Update,
  type UpdateResult,
} from './collection.js';
export { openStore, type StoreSettings } from './open.js';
export {
  claimDue,
  createDueIndex,
  findDueIds,
  newLeaseToken,
  releaseAbandonedClaims,
  renewClaim,
  settleClaim,
  underClaim,
  type DueFields,
} from './due-claims.js';
export { createDueWorker, type ClaimedItem, type DueWorker, type DueWorkerOptions } from './due-worker.js';
export { nextRetryDelayMs, shouldGiveUp, type RetryDelayInput } from './retry-policy.js';
