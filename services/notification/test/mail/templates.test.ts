import t from 'tap';
import { renderMail } from '../../src/mail/templates.js';
import { completed, failed, plainSpaces, readingDelivered, refundFailed, refunded, shop, signInRequested } from './fixtures.js';

t.test('a paid purchase is confirmed in French with the amount, level and access link', async (t) => {
  const mail = renderMail('order.completed', completed(), shop);
  t.equal(mail.subject, 'Confirmation de votre achat : Tirage complet');
  const text = plainSpaces(mail.text);
  t.match(text, /^Bonjour Ada Lovelace,/);
  t.match(text, 'Nous avons bien reçu votre paiement de 14,00 €');
  t.match(text, 'Votre accès de niveau 2 est ouvert');
  t.match(text, 'Montant payé : 14,00 €');
  t.match(text, 'Référence de commande : ord_123');
  t.match(text, 'https://lumira.example/mon-espace');
  t.match(text, 'aide@lumira.example');
  t.match(plainSpaces(mail.html), '14,00 €');
  t.match(mail.html, '<a href="https://lumira.example/mon-espace"');
  t.match(mail.html, '<html lang="fr">');
});

t.test('a free order gets the same confirmation worded for a free product', async (t) => {
  const mail = renderMail('order.completed', completed({ free: true, amount: 0 }), shop);
  t.equal(mail.subject, 'Votre produit gratuit : Tirage complet');
  t.match(mail.text, 'Ce produit est gratuit');
  t.match(mail.text, 'Prix\u00a0: Gratuit');
  t.notMatch(mail.text, 'paiement de');
  t.notMatch(plainSpaces(mail.text), '0,00 €');
  t.match(mail.text, 'Votre accès de niveau 2 est ouvert');

  const en = renderMail('order.completed', completed({ free: true, amount: 0, locale: 'en' }), shop);
  t.equal(en.subject, 'Your free product: Tirage complet');
  t.match(en.text, 'Price: Free');
});

t.test('the English confirmation is in English with English amounts', async (t) => {
  const mail = renderMail('order.completed', completed({ locale: 'en', customerName: null }), shop);
  t.equal(mail.subject, 'Your purchase is confirmed: Tirage complet');
  t.match(mail.text, /^Hello,\n/);
  t.match(mail.text, 'We have received your payment of €14.00.');
  t.match(mail.text, 'Your level 2 access is open');
  t.match(mail.text, 'Amount paid: €14.00');
  t.match(mail.html, '<html lang="en">');
});

t.test('without an access URL the mail says where to sign in instead of linking', async (t) => {
  const mail = renderMail('order.completed', completed(), { name: 'Lumira', supportEmail: 'aide@lumira.example' });
  t.notMatch(mail.html, '<a ');
  t.match(mail.text, "connectez-vous à votre espace Lumira avec l'adresse ada@example.com");
});

t.test('a failed payment explains common Stripe codes in plain words and how to try again', async (t) => {
  const cases: Array<[string, RegExp, RegExp]> = [
    ['card_declined', /banque a refusé/, /autre carte/],
    ['insufficient_funds', /solde disponible/, /autre carte/],
    ['expired_card', /carte a expiré/, /en cours de validité/],
    ['incorrect_cvc', /code de sécurité/, /trois chiffres/],
    ['processing_error', /erreur technique/, /quelques minutes/],
    ['authentication_required', /3-D Secure/, /validez le paiement/],
    ['stripe_unavailable', /indisponible/, /quelques minutes/],
  ];
  for (const [code, reason, advice] of cases) {
    const mail = renderMail('order.failed', failed({ failure: { code, message: 'Stripe words' } }), shop);
    t.match(mail.text, reason, code);
    t.match(mail.text, advice, code);
    t.notMatch(mail.text, 'Stripe words', code);
  }
  const mail = renderMail('order.failed', failed(), shop);
  t.equal(mail.subject, "Votre paiement n'a pas abouti : Tirage complet");
  t.match(plainSpaces(mail.text), "Votre paiement de 14,00 € pour « Tirage complet » n'a pas abouti");
  t.match(mail.html, '<a href="https://lumira.example/boutique"');
  t.match(mail.text, 'Réessayer mon achat');

  const en = renderMail('order.failed', failed({ locale: 'en', failure: { code: 'expired_card', message: '' } }), shop);
  t.equal(en.subject, 'Your payment did not go through: Tirage complet');
  t.match(en.text, '\n\nYour card has expired.\n\nPlease try again with a card that is still valid. You can place');
});

t.test("a decline is explained by the issuer's decline code first, then Stripe's error code, never in Stripe's English", async (t) => {
  const generic = renderMail(
    'order.failed',
    failed({ failure: { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' } }),
    shop,
  );
  t.match(generic.text, 'Votre banque a refusé le paiement.');
  t.notMatch(generic.text, 'Your card was declined.');
  const funds = renderMail(
    'order.failed',
    failed({ failure: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' } }),
    shop,
  );
  t.match(funds.text, 'Le solde disponible sur votre carte était insuffisant.', 'the decline code is the more precise');
  const lost = renderMail('order.failed', failed({ failure: { code: 'card_declined', declineCode: 'lost_card', message: 'Your card was declined.' } }), shop);
  t.match(lost.text, 'Votre banque a refusé le paiement.', 'an unlisted decline code falls back to the error code');
  const older = renderMail('order.failed', failed({ failure: { code: 'generic_decline', message: 'Your card was declined.' } }), shop);
  t.match(older.text, 'Votre banque a refusé le paiement.', 'events written before declineCode existed carried it as the code');
  const threeDs = renderMail(
    'order.failed',
    failed({ locale: 'en', failure: { code: 'payment_intent_authentication_failure', declineCode: null, message: 'x' } }),
    shop,
  );
  t.match(threeDs.text, '3-D Secure');
});

t.test("an unknown failure code falls back to Stripe's message, escaped in HTML", async (t) => {
  const failure = { code: 'do_not_honor_x', message: 'The bank said <no> & that is final.' };
  const mail = renderMail('order.failed', failed({ failure }), shop);
  t.match(mail.text, '\n\nThe bank said <no> & that is final.\n\n');
  t.match(mail.html, 'The bank said &lt;no&gt; &amp; that is final.');
  const silent = renderMail('order.failed', failed({ failure: { code: 'weird', message: ' ' } }), shop);
  t.match(silent.text, "Le paiement n'a pas pu être accepté.");
});

t.test('a refund is confirmed with the refunded amount, and partial refunds say so', async (t) => {
  const full = renderMail('order.refunded', refunded(), shop);
  t.equal(full.subject, 'Votre remboursement : Tirage complet');
  t.match(plainSpaces(full.text), 'Nous vous avons remboursé 14,00 € pour « Tirage complet »');
  t.match(plainSpaces(full.text), 'Montant remboursé : 14,00 €');
  t.match(full.text, 'Votre accès à cette lecture est désormais fermé.');
  t.match(full.text, '5 à 10 jours ouvrés');

  const partial = renderMail('order.refunded', refunded({ amountRefunded: 500, totalRefunded: 500, full: false, locale: 'en' }), shop);
  t.equal(partial.subject, 'Your refund: Tirage complet');
  t.match(partial.text, 'We have refunded €5.00 of the €14.00 paid for “Tirage complet”.');
  t.match(partial.text, 'Your access to “Tirage complet” stays open.');
  t.match(partial.text, 'Amount refunded: €5.00');

  const second = renderMail('order.refunded', refunded({ refundId: 're_2', amountRefunded: 300, totalRefunded: 800, full: false }), shop);
  t.match(plainSpaces(second.text), 'Nous vous avons remboursé 3,00 € sur les 14,00 € payés pour « Tirage complet », soit 8,00 € au total à ce jour.');
  t.match(plainSpaces(second.text), 'Remboursé au total : 8,00 €');
  const last = renderMail('order.refunded', refunded({ refundId: 're_3', amountRefunded: 600, totalRefunded: 1400, full: true }), shop);
  t.match(plainSpaces(last.text), 'soit 14,00 € au total à ce jour');
  t.match(last.text, 'désormais fermé');
});

t.test('a refund the bank returned is told, with the amount and whom to write to', async (t) => {
  const fr = renderMail('order.refund_failed', refundFailed(), shop);
  t.equal(fr.subject, "Votre remboursement n'a pas abouti : Tirage complet");
  t.match(plainSpaces(fr.text), 'Le remboursement de 5,00 € que nous vous avions annoncé');
  t.match(fr.text, 'aide@lumira.example');
  t.match(fr.html, 'Montant non remboursé', 'the HTML part in French too');
  t.match(fr.html, 'lang="fr"');
  t.notMatch(fr.text, /refund|Amount/, 'no English left in the French mail');
  const en = renderMail('order.refund_failed', refundFailed({ locale: 'en' }), shop);
  t.equal(en.subject, 'Your refund could not be completed: Tirage complet');
  t.match(en.text, 'Amount not refunded: €5.00');
});

t.test('customer-provided text is escaped in HTML and left readable in text', async (t) => {
  const hostile = '<script>alert("pwn")</script> O\'Brien & <b>Co</b>';
  const product = 'Tirage <img src=x onerror=alert(1)>';
  for (const mail of [
    renderMail('order.completed', completed({ customerName: hostile, productName: product }), shop),
    renderMail('order.failed', failed({ customerName: hostile, productName: product, locale: 'en' }), shop),
    renderMail('order.refunded', refunded({ customerName: hostile, productName: product }), shop),
    renderMail('order.refund_failed', refundFailed({ customerName: hostile, productName: product }), shop),
  ]) {
    t.notMatch(mail.html, '<script>');
    t.notMatch(mail.html, '<b>Co</b>');
    t.notMatch(mail.html, '<img');
    t.match(mail.html, '&lt;script&gt;alert(&quot;pwn&quot;)&lt;/script&gt; O&#39;Brien &amp; &lt;b&gt;Co&lt;/b&gt;');
    t.match(mail.html, 'Tirage &lt;img src=x onerror=alert(1)&gt;');
    t.match(mail.text, hostile);
  }
});

t.test('a line break in a product name never reaches the subject', async (t) => {
  const mail = renderMail('order.completed', completed({ productName: 'Tirage\r\nBcc: x@evil.example' }), shop);
  t.equal(mail.subject, 'Confirmation de votre achat : Tirage Bcc: x@evil.example');
});

t.test('the confirmation links "votre espace" to ACCESS_URL inside its sentence', async (t) => {
  const mail = renderMail('order.completed', completed(), shop);
  t.match(
    mail.html,
    `connectez-vous à <a href="https://lumira.example/mon-espace" style="color:#4f46e5;">votre espace Lumira</a> avec l&#39;adresse ada@example.com.`,
  );
  t.match(mail.text, "connectez-vous à votre espace Lumira (https://lumira.example/mon-espace) avec l'adresse ada@example.com.");
  const en = renderMail('order.completed', completed({ locale: 'en' }), shop);
  t.match(en.html, 'sign in to <a href="https://lumira.example/mon-espace" style="color:#4f46e5;">your Lumira space</a> with the address');
});

t.test('"your reading is ready" names the reading and links to the space, in both languages', async (t) => {
  const mail = renderMail('fulfilment.reading.delivered', readingDelivered(), shop);
  t.equal(mail.subject, 'Votre lecture est prête : Tirage complet');
  t.match(mail.text, /^Bonjour Ada Lovelace,/);
  t.match(mail.text, 'Votre lecture « Tirage complet » est prête');
  t.match(mail.text, 'Référence de commande\u00a0: ord_123');
  t.match(mail.html, '<a href="https://lumira.example/mon-espace" style="display:inline-block');
  const en = renderMail('fulfilment.reading.delivered', readingDelivered({ locale: 'en' }), shop);
  t.equal(en.subject, 'Your reading is ready: Tirage complet');
  t.match(en.text, 'Open my space: https://lumira.example/mon-espace');
  const bare = renderMail('fulfilment.reading.delivered', readingDelivered(), { name: 'Lumira', supportEmail: 'aide@lumira.example' });
  t.notMatch(bare.html, '<a ');
  t.match(bare.text, "connectez-vous à votre espace Lumira avec l'adresse ada@example.com");
});

t.test('the sign-in mail carries the one-time link, its token in the fragment; without ACCESS_URL, the code', async (t) => {
  const mail = renderMail('fulfilment.sign-in.requested', signInRequested(), shop);
  t.equal(mail.subject, 'Votre lien de connexion à Lumira');
  t.match(mail.html, '<a href="https://lumira.example/mon-espace#token=lsi_abcdefghijklmnopqrstuvwxyz012345"');
  t.match(mail.text, "Il ne sert qu'une fois");
  t.match(mail.text, 'ignorez ce message');
  const en = renderMail('fulfilment.sign-in.requested', signInRequested({ locale: 'en' }), shop);
  t.equal(en.subject, 'Your sign-in link to Lumira');
  t.match(en.text, 'Sign me in: https://lumira.example/mon-espace#token=lsi_');
  const code = renderMail('fulfilment.sign-in.requested', signInRequested(), { name: 'Lumira', supportEmail: 'aide@lumira.example' });
  t.notMatch(code.html, '<a ');
  t.match(code.text, 'Voici votre code pour entrer dans votre espace Lumira : lsi_abcdefghijklmnopqrstuvwxyz012345.');
});
