import type { ConsumerGroups, EventType } from '@lumira/contracts';
import type { SubscribeOptions } from './bus.js';

export class UndeclaredGroupError extends Error {
  constructor(durable: string, detail: string) {
    super(`consumer group ${durable} ${detail}: declare it in libs/contracts/src/consumers.ts`);
    this.name = 'UndeclaredGroupError';
  }
}

export const handledSubjects = (options: SubscribeOptions) => Object.keys(options.handlers) as EventType[];

/**
 * A subscription must match its declared group exactly: a subject declared but not handled would pile up
 * unacknowledged, one handled but not declared would never be provisioned before its producers run.
 */
export function checkDeclared(declared: ConsumerGroups, options: SubscribeOptions): void {
  const subjects = declared[options.durable];
  if (!subjects) throw new UndeclaredGroupError(options.durable, 'is not declared');
  const handled = handledSubjects(options);
  const missing = subjects.filter((s) => !handled.includes(s));
  const extra = handled.filter((s) => !subjects.includes(s));
  if (missing.length > 0) throw new UndeclaredGroupError(options.durable, `does not handle ${missing.join(', ')}`);
  if (extra.length > 0) throw new UndeclaredGroupError(options.durable, `handles undeclared ${extra.join(', ')}`);
}

/** Groups plus more, subjects merged: what `declare()` accumulates. */
export function mergeGroups(into: Record<string, EventType[]>, more: ConsumerGroups): Record<string, EventType[]> {
  for (const [name, subjects] of Object.entries(more)) {
    const list = (into[name] ??= []);
    for (const s of subjects) if (!list.includes(s)) list.push(s);
  }
  return into;
}
