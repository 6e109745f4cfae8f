import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Stripe is remote in production: the benchmark gives its emulator a process (and a core) of its own. */
export async function startStripeProcess(webhook: { url: string; secret: string }): Promise<{ url: string; child: ChildProcess }> {
  const entry = fileURLToPath(new URL('../../emulators/stripe/dist/main.js', import.meta.url));
  const child = spawn(process.execPath, [entry], {
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
