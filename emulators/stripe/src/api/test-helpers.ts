import type { FastifyInstance } from 'fastify';
import { str } from '../form.js';
import { missingResource, invalid } from '../stripe-errors.js';
import { idOf, paramsOf, type ApiContext } from './context.js';
import { authenticate } from './payment-attempt.js';

const page = (piId: string, amount: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>3D Secure 2 Test Page</title></head>
<body style="font-family:sans-serif;max-width:30em;margin:3em auto">
<h1>3D Secure 2 Test Page</h1>
<p>This emulated bank page authenticates the payment of ${amount} (${piId}). Choose what the customer does.</p>
<form method="post"><button name="outcome" value="complete">Complete</button> <button name="outcome" value="fail">Fail</button></form>
</body></html>`;

/**
 * Emulator-only routes, outside Stripe's API (no API key, as the bank's page a customer is sent to):
 * the 3-D Secure page a `next_action` points to, with Stripe's test page's two buttons.
 */
export function testHelperRoutes(app: FastifyInstance, ctx: ApiContext) {
  const intent = (id: string) => {
    const pi = ctx.store.get('payment_intent', id);
    if (!pi) throw missingResource('payment_intent', id);
    return pi;
  };

  app.get('/_emulator/3ds/:id', async (req, reply) => {
    const pi = intent(idOf(req));
    return reply.type('text/html; charset=utf-8').send(page(pi.id, `${((pi.amount as number) / 100).toFixed(2)} ${String(pi.currency).toUpperCase()}`));
  });

  /** The button's answer: back to the shop's `return_url` as Stripe redirects, or the PaymentIntent as JSON. */
  app.post('/_emulator/3ds/:id', async (req, reply) => {
    const pi = intent(idOf(req));
    const outcome = str(paramsOf(req), 'outcome');
    if (outcome !== 'complete' && outcome !== 'fail') throw invalid('outcome must be complete or fail', undefined, 'outcome');
    const returnUrl = (pi.next_action as { redirect_to_url?: { return_url: string } } | null)?.redirect_to_url?.return_url;
    authenticate(ctx, pi, outcome);
    if (!returnUrl || req.headers.accept?.includes('application/json')) return pi;
    const target = new URL(returnUrl);
    target.searchParams.set('payment_intent', pi.id);
    target.searchParams.set('payment_intent_client_secret', String(pi.client_secret));
    target.searchParams.set('redirect_status', pi.status === 'succeeded' ? 'succeeded' : 'failed');
    return reply.redirect(target.toString(), 303);
  });

  /** Runs every pending later change (debits settling, refunds failing, disputes opening or decided) now. */
  app.post('/_emulator/run-scheduled', async () => ({ ran: ctx.scheduler.runNow() }));
}
