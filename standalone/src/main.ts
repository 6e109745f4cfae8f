import { existsSync } from 'node:fs';
import closeWithGrace from 'close-with-grace';
import { exitOnConfigError } from '@lumira/config';
import { startSystem, type RunningSystem } from './system.js';

// Node's own --env-file-if-exists would do, but it prints a line of its own when there is no file; this way
// the banner says which it was. Variables already set in the environment win over the file.
const envFile = existsSync('.env');
if (envFile) process.loadEnvFile('.env');
process.stdout.write(`lumira: starting${envFile ? ' with the settings of .env' : ''}…\n`);

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
const settings = envFile
  ? 'settings         .env, then the environment'
  : 'settings         the environment only (copy .env.example to .env to keep them in a file)';
process.stdout.write(`\nLumira is running — one process, Ctrl-C to stop\n${[...system.lines, settings].map((l) => `  ${l}`).join('\n')}\n\n`);
closeWithGrace({ delay: 5000 }, async ({ err }) => {
  if (err) process.stderr.write(`lumira: fatal error: ${(err as Error).message}\n`);
  await system.stop();
});
