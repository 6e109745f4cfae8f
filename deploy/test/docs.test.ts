import { existsSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { paymentSignalTypes } from '@lumira/contracts/stripe';
import { proxyRoutes } from '@lumira/gateway';
import { fromRoot, readText } from './helpers/files.js';

const guides = ['deploy/README.md', 'deploy/coolify.md', 'deploy/k8s/README.md', 'deploy/CONFIGURATION.md'];

t.test('relative links in the deploy guides point at files that exist', async (t) => {
  for (const guide of guides) {
    for (const [, target] of readText(guide).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      t.ok(existsSync(path.join(path.dirname(fromRoot(guide)), target!)), `${guide} → ${target}`);
    }
  }
  t.match(readText('README.md'), /\]\(deploy\/?\)|\]\(deploy\/README\.md\)/, 'the README links to the deploy guide');
});

t.test('the Coolify guide gives the webhook URL the gateway routes to payment, and the events it handles', async (t) => {
  const guide = readText('deploy/coolify.md');
  const url = /https:\/\/<your domain>(\/api\/webhooks\/[a-z]+)/.exec(guide)?.[1];
  t.ok(
    proxyRoutes.some((r) => r.prefix === url && r.upstream === 'payment' && !r.rateLimited),
    `${url} goes to payment, unthrottled`,
  );
  for (const type of paymentSignalTypes) t.match(guide, `\`${type}\``, `${type} is among the events to register`);
  t.match(guide, `--forward-to https://<your domain>${url}`, 'stripe listen forwards to the same URL');
});
