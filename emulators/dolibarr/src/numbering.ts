import type { EmulatorState } from './state.js';

/**
 * The default numbering modules of a fresh Dolibarr: "monkey" for customer codes (CU2511-00001) and
 * "terre" for invoices (FA2511-0001, AV2511-0001 for credit notes). The yymm part is the document date;
 * the counter runs per prefix and never resets, as both modules take MAX() over every ref of that prefix.
 * Payments use the same form under PAY.
 */

function yymm(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  return `${String(date.getUTCFullYear() % 100).padStart(2, '0')}${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

function next(state: EmulatorState, prefix: string, unixSeconds: number, width: number): string {
  const value = (state.counters.refs.get(prefix) ?? 0) + 1;
  state.counters.refs.set(prefix, value);
  return `${prefix}${yymm(unixSeconds)}-${String(value).padStart(width, '0')}`;
}

export function nextCustomerCode(state: EmulatorState, unixSeconds: number): string {
  return next(state, 'CU', unixSeconds, 5);
}

export function nextInvoiceRef(state: EmulatorState, type: number, unixSeconds: number): string {
  return next(state, type === 2 ? 'AV' : 'FA', unixSeconds, 4);
}

export function nextPaymentRef(state: EmulatorState, unixSeconds: number): string {
  return next(state, 'PAY', unixSeconds, 4);
}

export function draftRef(id: number): string {
  return `(PROV${id})`;
}
