import { defineService } from '@lumira/http/runtime';
import { buildPaymentApp } from './app.js';
import { paymentConfig } from './config.js';
import { stripeMode } from './stripe-client.js';

export const paymentService = defineService({
  name: 'payment',
  configSpec: paymentConfig,
  build: buildPaymentApp,
  banner: (config) => {
    const mode = stripeMode({ secretKey: config.STRIPE_SECRET_KEY, apiBase: config.STRIPE_API_BASE, timeoutMs: config.STRIPE_TIMEOUT_MS });
    if (mode === 'live') return ['Stripe: live API key configured'];
    if (mode === 'emulator') return [`Stripe: local emulator at ${config.STRIPE_API_BASE} (no real payments)`];
    return ['Stripe: not configured — paid products answer 503, free products work'];
  },
});
export { buildPaymentApp, type PaymentConfig } from './app.js';
export { paymentConfig } from './config.js';
