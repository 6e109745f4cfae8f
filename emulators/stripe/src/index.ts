export { createStripeEmulator, type StripeEmulator, type StripeEmulatorOptions, type InjectedFailure } from './stripe-emulator.js';
export { signatureHeader } from './signature.js';
export { API_VERSION, type StripeEvent } from './store.js';
export type { WebhookTarget } from './webhook-sender.js';
