import { randomText } from '@lumira/contracts';

/** Time-ordered ids: admin listings page by id alone. */
export function newOrderId(now = Date.now()): string {
  return `ord_${now.toString(36).padStart(9, '0')}${randomText(8, 'hex')}`;
}
