import { networkInterfaces } from 'node:os';
import t from 'tap';
import { chromium } from 'playwright-core';
import { startTestSystem } from './harness.js';

/** An address of this machine that is not loopback: how a colleague on the network opens /docs. */
function lanAddress(): string {
  const found = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  if (!found) throw new Error('this machine has no non-loopback IPv4 address to open /docs by');
  return found.address;
}

// Debian's chromium (scripts/ensure-chromium.sh), never a downloaded browser; nothing reaches the network.
const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

t.test('/docs over plain HTTP on a LAN address: the shop name, and "Try it out" lists the catalog', async (t) => {
  const s = await startTestSystem(t, { env: { HOST: '0.0.0.0', SHOP_NAME: 'Maison Lumière' } });
  const port = new URL(s.system.gatewayUrl).port;
  const base = `http://${lanAddress()}:${port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: launchArgs });
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  const refused: string[] = [];
  page.on('requestfailed', (request) => refused.push(`${request.url()} ${request.failure()?.errorText ?? ''}`));

  const res = await page.goto(`${base}/docs`);
  t.equal(res?.status(), 200);
  t.notMatch(res?.headers()['content-security-policy'] ?? '', /upgrade-insecure-requests/, 'no upgrade to https on plain HTTP');
  await page.getByText('Maison Lumière API').first().waitFor({ timeout: 60_000 });

  const operation = page.locator('#operations-products-listProducts');
  await operation.locator('.opblock-summary').click();
  await operation.getByRole('button', { name: 'Execute' }).click();
  const live = operation.locator('.live-responses-table').first();
  await live.waitFor({ timeout: 60_000 });
  // The table's header row ("Code", "Details"), then the answer's own status and body.
  const answer = await live.innerText();
  t.match(answer, /^Code\s+Details\s+200\b/, 'the live response is a 200');
  t.match(answer, /"id": "intuitive"/, 'with the catalog in its body');
  t.same(refused, [], 'no request of the page failed');
});

t.test('behind TLS (X-Forwarded-Proto: https) the page asks for the upgrade', async (t) => {
  const s = await startTestSystem(t);
  const res = await fetch(new URL('/docs/', s.system.gatewayUrl), { headers: { 'x-forwarded-proto': 'https' } });
  t.match(res.headers.get('content-security-policy'), /upgrade-insecure-requests/);
  const api = await fetch(new URL('/api/products', s.system.gatewayUrl), { headers: { 'x-forwarded-proto': 'https' } });
  t.match(api.headers.get('content-security-policy'), /upgrade-insecure-requests/);
  const plain = await fetch(new URL('/api/products', s.system.gatewayUrl));
  t.notMatch(plain.headers.get('content-security-policy'), /upgrade-insecure-requests/);
});
