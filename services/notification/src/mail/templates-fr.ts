import { formatAmount } from './money.js';
import { explainFailure, signInUrl, type FailureExplanation, type LocaleCopy } from './locale-copy.js';
import type { ShopIdentity } from './mail-content.js';

const greeting = (name: string | null): string => (name?.trim() ? `Bonjour ${name.trim()},` : 'Bonjour,');
const closing = (shop: ShopIdentity): string[] => [
  `Une question ? Écrivez-nous à ${shop.supportEmail}, nous vous répondrons avec plaisir.`,
  `L'équipe ${shop.name}`,
];

const authenticationMissing: FailureExplanation = {
  reason: "Votre banque demandait de confirmer le paiement (3-D Secure), et cette confirmation n'a pas eu lieu.",
  advice: "Réessayez, puis validez le paiement dans l'application ou avec le code envoyé par votre banque.",
};

const declined: FailureExplanation = {
  reason: 'Votre banque a refusé le paiement.',
  advice: 'Contactez votre banque ou réessayez avec une autre carte.',
};

/** Indexé par le code de refus de Stripe ou son code d'erreur (le code de refus est cherché d'abord). */
const failureReasons: Record<string, FailureExplanation> = {
  card_declined: declined,
  generic_decline: declined,
  do_not_honor: declined,
  insufficient_funds: {
    reason: 'Le solde disponible sur votre carte était insuffisant.',
    advice: 'Réessayez avec une autre carte, ou plus tard.',
  },
  expired_card: {
    reason: 'Votre carte a expiré.',
    advice: 'Réessayez avec une carte en cours de validité.',
  },
  incorrect_cvc: {
    reason: 'Le code de sécurité (CVC) saisi ne correspond pas à votre carte.',
    advice: 'Réessayez en vérifiant les trois chiffres inscrits au dos de votre carte.',
  },
  processing_error: {
    reason: 'Une erreur technique est survenue pendant le traitement du paiement.',
    advice: 'Réessayez dans quelques minutes.',
  },
  authentication_required: authenticationMissing,
  payment_intent_authentication_failure: authenticationMissing,
  stripe_unavailable: {
    reason: 'Notre prestataire de paiement était momentanément indisponible.',
    advice: 'Réessayez dans quelques minutes.',
  },
};

const unknownFailure: FailureExplanation = {
  reason: "Le paiement n'a pas pu être accepté.",
  advice: 'Vous pouvez réessayer, avec une autre carte si besoin.',
};

export const frenchCopy: LocaleCopy = {
  completed(order, shop) {
    const amount = formatAmount(order.amount, order.currency, 'fr');
    return {
      locale: 'fr',
      subject: order.free ? `Votre produit gratuit : ${order.productName}` : `Confirmation de votre achat : ${order.productName}`,
      greeting: greeting(order.customerName),
      paragraphs: [
        order.free
          ? `Merci pour votre commande de « ${order.productName} ». Ce produit est gratuit : aucun paiement ne vous a été demandé.`
          : `Merci pour votre achat de « ${order.productName} ». Nous avons bien reçu votre paiement de ${amount}.`,
        `Votre accès de niveau ${order.level} est ouvert dès maintenant.`,
        shop.accessUrl
          ? {
              before: 'Pour y accéder, connectez-vous à ',
              link: { label: `votre espace ${shop.name}`, url: shop.accessUrl },
              after: ` avec l'adresse ${order.customerEmail}.`,
            }
          : `Pour y accéder, connectez-vous à votre espace ${shop.name} avec l'adresse ${order.customerEmail}.`,
      ],
      facts: [
        { label: 'Produit', value: order.productName },
        { label: 'Niveau', value: String(order.level) },
        { label: order.free ? 'Prix' : 'Montant payé', value: order.free ? 'Gratuit' : amount },
        { label: 'Référence de commande', value: order.orderId },
      ],
      ...(shop.accessUrl ? { action: { label: 'Accéder à mon contenu', url: shop.accessUrl } } : {}),
      closing: closing(shop),
    };
  },

  failed(order, shop) {
    const amount = formatAmount(order.amount, order.currency, 'fr');
    const { reason, advice } = explainFailure(order.failure, failureReasons, unknownFailure);
    return {
      locale: 'fr',
      subject: `Votre paiement n'a pas abouti : ${order.productName}`,
      greeting: greeting(order.customerName),
      paragraphs: [
        `Votre paiement de ${amount} pour « ${order.productName} » n'a pas abouti, et aucun montant n'a été prélevé.`,
        reason,
        shop.shopUrl
          ? `${advice} Votre commande reste possible à tout moment.`
          : `${advice} Votre commande reste possible à tout moment depuis la boutique ${shop.name}.`,
      ],
      facts: [
        { label: 'Produit', value: order.productName },
        { label: 'Montant', value: amount },
        { label: 'Référence de commande', value: order.orderId },
      ],
      ...(shop.shopUrl ? { action: { label: 'Réessayer mon achat', url: shop.shopUrl } } : {}),
      closing: closing(shop),
    };
  },

  refunded(order, shop) {
    const refunded = formatAmount(order.amountRefunded, order.currency, 'fr');
    const paid = formatAmount(order.amount, order.currency, 'fr');
    const totalRefunded = order.totalRefunded ?? order.amountRefunded;
    const full = order.full ?? totalRefunded >= order.amount;
    const total = formatAmount(totalRefunded, order.currency, 'fr');
    const earlier = totalRefunded > order.amountRefunded;
    return {
      locale: 'fr',
      subject: `Votre remboursement : ${order.productName}`,
      greeting: greeting(order.customerName),
      paragraphs: [
        full && !earlier
          ? `Nous vous avons remboursé ${refunded} pour « ${order.productName} ».`
          : `Nous vous avons remboursé ${refunded} sur les ${paid} payés pour « ${order.productName} »${earlier ? `, soit ${total} au total à ce jour` : ''}.`,
        full ? 'Votre accès à cette lecture est désormais fermé.' : `Votre accès à « ${order.productName} » reste ouvert.`,
        'Le remboursement apparaîtra sur votre compte sous 5 à 10 jours ouvrés, selon votre banque.',
      ],
      facts: [
        { label: 'Produit', value: order.productName },
        { label: 'Montant remboursé', value: refunded },
        ...(earlier ? [{ label: 'Remboursé au total', value: total }] : []),
        { label: 'Référence de commande', value: order.orderId },
      ],
      closing: closing(shop),
    };
  },

  refundFailed(order, shop) {
    const amount = formatAmount(order.amountFailed, order.currency, 'fr');
    return {
      locale: 'fr',
      subject: `Votre remboursement n'a pas abouti : ${order.productName}`,
      greeting: greeting(order.customerName),
      paragraphs: [
        `Le remboursement de ${amount} que nous vous avions annoncé pour « ${order.productName} » a été rejeté par votre banque : l'argent n'est pas arrivé sur votre compte.`,
        "Cela arrive le plus souvent lorsque la carte utilisée pour l'achat a été fermée ou remplacée.",
        `Écrivez-nous à ${shop.supportEmail} pour que nous vous remboursions autrement.`,
      ],
      facts: [
        { label: 'Produit', value: order.productName },
        { label: 'Montant non remboursé', value: amount },
        { label: 'Référence de commande', value: order.orderId },
      ],
      closing: closing(shop),
    };
  },

  readingReady(reading, shop) {
    return {
      locale: 'fr',
      subject: `Votre lecture est prête : ${reading.productName}`,
      greeting: greeting(reading.customerName),
      paragraphs: [
        `Votre lecture « ${reading.productName} » est prête : elle vous attend dans votre espace, à lire, écouter et télécharger.`,
        shop.accessUrl
          ? {
              before: 'Pour la retrouver, connectez-vous à ',
              link: { label: `votre espace ${shop.name}`, url: shop.accessUrl },
              after: ` avec l'adresse ${reading.customerEmail} : un lien de connexion vous y sera envoyé.`,
            }
          : `Pour la retrouver, connectez-vous à votre espace ${shop.name} avec l'adresse ${reading.customerEmail}.`,
      ],
      facts: [
        { label: 'Produit', value: reading.productName },
        { label: 'Niveau', value: String(reading.level) },
        { label: 'Référence de commande', value: reading.orderId },
      ],
      ...(shop.accessUrl ? { action: { label: 'Ouvrir mon espace', url: shop.accessUrl } } : {}),
      closing: closing(shop),
    };
  },

  signInLink(request, shop) {
    return {
      locale: 'fr',
      subject: `Votre lien de connexion à ${shop.name}`,
      greeting: greeting(request.customerName),
      paragraphs: [
        shop.accessUrl
          ? `Voici votre lien pour entrer dans votre espace ${shop.name}. Il ne sert qu'une fois et n'est valable que peu de temps : s'il a expiré, demandez-en simplement un nouveau.`
          : `Voici votre code pour entrer dans votre espace ${shop.name} : ${request.token}. Il ne sert qu'une fois et n'est valable que peu de temps.`,
        "Si vous n'avez pas demandé à vous connecter, ignorez ce message : personne n'entre sans ce lien.",
      ],
      facts: [],
      ...(shop.accessUrl ? { action: { label: 'Me connecter', url: signInUrl(shop.accessUrl, request.token) } } : {}),
      closing: closing(shop),
    };
  },
};
