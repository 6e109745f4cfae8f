export { createDolibarrEmulator, type DolibarrEmulator, type DolibarrEmulatorOptions } from './emulator.js';
export type { Framing } from './answer-encoding.js';
export type { EmulatorMode, InjectedFailure } from './transport.js';
export type { InvoiceLineRecord, InvoiceRecord, PaymentRecord, ThirdpartyRecord } from './state.js';
