import Stripe from 'stripe';

export interface SignedWebhook {
  body: string;
  signature: string;
}

export interface PaidOrders {
  /** The `payment_intent.succeeded` event of each order, signed as Stripe would send it. */
  payloads: SignedWebhook[];
  orderOfPaymentIntent: Map<string, string>;
}

/**
 * Orders that are paid at Stripe but not yet completed here: created through the gateway, confirmed with
 * pm_card_visa against the emulator, their webhooks held back so the benchmark can send them at full speed.
 */
export async function preparePaidOrders(gateway: string, stripe: Stripe, secret: string, count: number, tag: string): Promise<PaidOrders> {
  const orderOfPaymentIntent = new Map<string, string>();
  for (let i = 0; i < count; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, async (_, j) => {
        const res = await fetch(`${gateway}/api/payments/create-payment-intent`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ productId: 'alchimique', customerEmail: `${tag}.${i + j}@example.com` }),
        });
        const body = (await res.json()) as { orderId: string; paymentIntentId: string };
        await stripe.paymentIntents.confirm(body.paymentIntentId, { payment_method: 'pm_card_visa' });
        orderOfPaymentIntent.set(body.paymentIntentId, body.orderId);
      }),
    );
  }
  const payloads: SignedWebhook[] = [];
  for await (const event of stripe.events.list({ type: 'payment_intent.succeeded', limit: 100 })) {
    if (!orderOfPaymentIntent.has((event.data.object as { id: string }).id)) continue;
    const body = JSON.stringify(event);
    payloads.push({ body, signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret }) });
  }
  return { payloads, orderOfPaymentIntent };
}
