export { createStripeEmulator, API_VERSION, type StripeEmulator, type StripeEmulatorOptions } from './stripe-emulator.js';
export type { InjectedFailure } from './failure-injection.js';
export { signatureHeader } from './signature.js';
export type { StripeEvent } from './store.js';
export type { WebhookTarget } from './webhook-sender.js';
export type { Timing } from './api/context.js';
export { testCardIds } from './test-cards.js';
export { endpointRules, type Rule, type Rules } from './params.js';
