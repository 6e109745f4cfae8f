export { createSendgridEmulator, maxPayloadBytes, type SendgridEmulator, type SendgridEmulatorOptions } from './emulator.js';
export type { InjectedFailure } from './failure-injection.js';
export type { AcceptedMail } from './mail-send-route.js';
export type { SendgridError, SendgridErrorBody } from './error-bodies.js';
