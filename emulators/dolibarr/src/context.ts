import type { EmulatorState } from './state.js';

export interface RouteContext {
  state: EmulatorState;
  /** The emulator's clock, in Unix seconds. */
  now(): number;
}

/** Every API route lives under this prefix of DOLIBARR_URL. */
export const apiRoot = '/api/index.php';
