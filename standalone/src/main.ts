import closeWithGrace from 'close-with-grace';
import { exitOnConfigError } from '@lumira/config';
import { startSystem, type RunningSystem } from './system.js';

let system: RunningSystem;
try {
  system = await startSystem();
} catch (err) {
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    process.stderr.write(`lumira: a port is already in use (${(err as Error).message}); set PORT to another value\n`);
    process.exit(1);
  }
  exitOnConfigError(err);
}
process.stdout.write(`\nLumira is running — one process, Ctrl-C to stop\n${system.lines.map((l) => `  ${l}`).join('\n')}\n\n`);
closeWithGrace({ delay: 5000 }, async ({ err }) => {
  if (err) process.stderr.write(`lumira: fatal error: ${(err as Error).message}\n`);
  await system.stop();
});
