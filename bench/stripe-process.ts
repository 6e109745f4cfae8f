import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { harnessNice } from './harness-nice.js';

/** Stripe is remote in production: the benchmark gives its emulator a process of its own, at the harness's priority. */
export async function startStripeProcess(webhook: { url: string; secret: string }): Promise<{ url: string; child: ChildProcess }> {
  const entry = fileURLToPath(new URL('../../emulators/stripe/dist/main.js', import.meta.url));
  // nice(1) before node, so every thread of the emulator (V8's helpers too) has its priority.
  const [command, args] = harnessNice > 0 ? ['nice', ['-n', String(harnessNice), process.execPath, entry]] : [process.execPath, [entry]];
  const child = spawn(command, args, {
    env: {
      ...process.env,
      STRIPE_EMULATOR_PORT: '0',
      STRIPE_EMULATOR_HOST: '127.0.0.1',
      STRIPE_WEBHOOK_URL: webhook.url,
      STRIPE_WEBHOOK_SECRET: webhook.secret,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`stripe emulator exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening on (http:\/\/\S+?)(,|\s|$)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
  });
  return { url, child };
}
