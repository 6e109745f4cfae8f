import { startSystem } from '../../src/system.js';

/**
 * The whole system as `npm start` runs it, in a process of its own so a test can kill -9 it. Prints the
 * gateway's address once ready; SIGTERM stops it gracefully.
 */
const system = await startSystem(process.env, { ephemeralPorts: true });
process.stdout.write(`READY ${system.gatewayUrl}\n`);
process.once('SIGTERM', () => {
  void system.stop().then(() => process.exit(0));
});
