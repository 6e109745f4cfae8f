import { formatAmount } from './money.js';
import { explainFailure, signInUrl, type FailureExplanation, type LocaleCopy } from './locale-copy.js';
import type { ShopIdentity } from './mail-content.js';

const greeting = (name: string | null): string => (name?.trim() ? `Hello ${name.trim()},` : 'Hello,');
const closing = (shop: ShopIdentity): string[] => [`Any question? Write to us at ${shop.supportEmail}, we will be glad to help.`, `The ${shop.name} team`];

const authenticationMissing: FailureExplanation = {
  reason: 'Your bank asked you to confirm the payment (3-D Secure) and it was not confirmed.',
  advice: 'Please try again, then approve the payment in your banking app or with the code your bank sends you.',
};

const declined: FailureExplanation = {
  reason: 'Your bank declined the payment.',
  advice: 'Please contact your bank or try again with another card.',
};

/** Keyed by Stripe's decline code or error code (the decline code is looked up first). */
const failureReasons: Record<string, FailureExplanation> = {
  card_declined: declined,
  generic_decline: declined,
  do_not_honor: declined,
  insufficient_funds: {
    reason: 'Your card did not have enough funds available.',
    advice: 'Please try again with another card, or later.',
  },
  expired_card: {
    reason: 'Your card has expired.',
    advice: 'Please try again with a card that is still valid.',
  },
  incorrect_cvc: {
    reason: 'The security code (CVC) entered does not match your card.',
    advice: 'Please try again, checking the three digits on the back of your card.',
  },
  processing_error: {
    reason: 'A technical error occurred while the payment was being processed.',
    advice: 'Please try again in a few minutes.',
  },
  authentication_required: authenticationMissing,
  payment_intent_authentication_failure: authenticationMissing,
  stripe_unavailable: {
    reason: 'Our payment provider was briefly unavailable.',
    advice: 'Please try again in a few minutes.',
  },
};

const unknownFailure: FailureExplanation = {
  reason: 'The payment could not be accepted.',
  advice: 'You can try again, with another card if needed.',
};

export const englishCopy: LocaleCopy = {
  completed(order, shop) {
    const amount = formatAmount(order.amount, order.currency, 'en');
    return {
      locale: 'en',
      subject: order.free ? `Your free product: ${order.productName}` : `Your purchase is confirmed: ${order.productName}`,
      greeting: greeting(order.customerName),
      paragraphs: [
        order.free
          ? `Thank you for ordering “${order.productName}”. This product is free: no payment was asked of you.`
          : `Thank you for buying “${order.productName}”. We have received your payment of ${amount}.`,
        `Your level ${order.level} access is open from now on.`,
        shop.accessUrl
          ? {
              before: 'To reach it, sign in to ',
              link: { label: `your ${shop.name} space`, url: shop.accessUrl },
              after: ` with the address ${order.customerEmail}.`,
            }
          : `To reach it, sign in to your ${shop.name} account with the address ${order.customerEmail}.`,
      ],
      facts: [
        { label: 'Product', value: order.productName },
        { label: 'Level', value: String(order.level) },
        { label: order.free ? 'Price' : 'Amount paid', value: order.free ? 'Free' : amount },
        { label: 'Order reference', value: order.orderId },
      ],
      ...(shop.accessUrl ? { action: { label: 'Open my content', url: shop.accessUrl } } : {}),
      closing: closing(shop),
    };
  },

  failed(order, shop) {
    const amount = formatAmount(order.amount, order.currency, 'en');
    const { reason, advice } = explainFailure(order.failure, failureReasons, unknownFailure);
    return {
      locale: 'en',
      subject: `Your payment did not go through: ${order.productName}`,
      greeting: greeting(order.customerName),
      paragraphs: [
        `Your payment of ${amount} for “${order.productName}” did not go through, and nothing was charged.`,
        reason,
        shop.shopUrl
          ? `${advice} You can place your order again at any time.`
          : `${advice} You can place your order again at any time from the ${shop.name} shop.`,
      ],
      facts: [
        { label: 'Product', value: order.productName },
        { label: 'Amount', value: amount },
        { label: 'Order reference', value: order.orderId },
      ],
      ...(shop.shopUrl ? { action: { label: 'Try my purchase again', url: shop.shopUrl } } : {}),
      closing: closing(shop),
    };
  },

  refunded(order, shop) {
    const refunded = formatAmount(order.amountRefunded, order.currency, 'en');
    const paid = formatAmount(order.amount, order.currency, 'en');
    const totalRefunded = order.totalRefunded ?? order.amountRefunded;
    const full = order.full ?? totalRefunded >= order.amount;
    const total = formatAmount(totalRefunded, order.currency, 'en');
    const earlier = totalRefunded > order.amountRefunded;
    return {
      locale: 'en',
      subject: `Your refund: ${order.productName}`,
      greeting: greeting(order.customerName),
      paragraphs: [
        full && !earlier
          ? `We have refunded ${refunded} for “${order.productName}”.`
          : `We have refunded ${refunded} of the ${paid} paid for “${order.productName}”${earlier ? `, ${total} in all so far` : ''}.`,
        full ? 'Your access to this reading is now closed.' : `Your access to “${order.productName}” stays open.`,
        'Depending on your bank, the refund will show on your account within 5 to 10 business days.',
      ],
      facts: [
        { label: 'Product', value: order.productName },
        { label: 'Amount refunded', value: refunded },
        ...(earlier ? [{ label: 'Refunded in all', value: total }] : []),
        { label: 'Order reference', value: order.orderId },
      ],
      closing: closing(shop),
    };
  },

  refundFailed(order, shop) {
    const amount = formatAmount(order.amountFailed, order.currency, 'en');
    return {
      locale: 'en',
      subject: `Your refund could not be completed: ${order.productName}`,
      greeting: greeting(order.customerName),
      paragraphs: [
        `The refund of ${amount} we announced for “${order.productName}” was returned by your bank, so the money has not reached your account.`,
        'This usually happens when the card used for the purchase has been closed or replaced.',
        `Please write to us at ${shop.supportEmail} so we can refund you another way.`,
      ],
      facts: [
        { label: 'Product', value: order.productName },
        { label: 'Amount not refunded', value: amount },
        { label: 'Order reference', value: order.orderId },
      ],
      closing: closing(shop),
    };
  },

  readingReady(reading, shop) {
    return {
      locale: 'en',
      subject: `Your reading is ready: ${reading.productName}`,
      greeting: greeting(reading.customerName),
      paragraphs: [
        `Your reading “${reading.productName}” is ready: it is waiting in your space, to read, listen to and download.`,
        shop.accessUrl
          ? {
              before: 'To find it, sign in to ',
              link: { label: `your ${shop.name} space`, url: shop.accessUrl },
              after: ` with the address ${reading.customerEmail}: a sign-in link will be mailed to you.`,
            }
          : `To find it, sign in to your ${shop.name} space with the address ${reading.customerEmail}.`,
      ],
      facts: [
        { label: 'Product', value: reading.productName },
        { label: 'Level', value: String(reading.level) },
        { label: 'Order reference', value: reading.orderId },
      ],
      ...(shop.accessUrl ? { action: { label: 'Open my space', url: shop.accessUrl } } : {}),
      closing: closing(shop),
    };
  },

  signInLink(request, shop) {
    return {
      locale: 'en',
      subject: `Your sign-in link to ${shop.name}`,
      greeting: greeting(request.customerName),
      paragraphs: [
        shop.accessUrl
          ? `Here is your link to your ${shop.name} space. It works once and only for a short while: if it has expired, simply ask for a new one.`
          : `Here is your code to enter your ${shop.name} space: ${request.token}. It works once and only for a short while.`,
        'If you did not ask to sign in, ignore this message: nobody gets in without this link.',
      ],
      facts: [],
      ...(shop.accessUrl ? { action: { label: 'Sign me in', url: signInUrl(shop.accessUrl, request.token) } } : {}),
      closing: closing(shop),
    };
  },
};
