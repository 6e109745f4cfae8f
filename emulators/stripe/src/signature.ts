import { createHmac } from 'node:crypto';

/** Stripe's scheme: HMAC-SHA256 of "<t>.<exact body>" with the endpoint secret, sent as `t=…,v1=…`. */
export function signatureHeader(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}
