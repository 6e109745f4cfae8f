export {
  DuplicateKeyError,
  isDuplicateKeyError,
  insertIfAbsent,
  type Collection,
  type Doc,
  type Filter,
  type FindOptions,
  type Store,
  type StoreRoot,
  type Update,
  type UpdateResult,
} from './collection.js';
export { openStore, type StoreSettings } from './open.js';
export { claimDue, createDueIndex, createDueWorker, findDueIds, type DueFields, type DueWorker, type DueWorkerOptions } from './due-work.js';
export { nextRetryDelayMs, shouldGiveUp, type RetryDelayInput } from './retry-policy.js';
