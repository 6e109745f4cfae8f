import t from 'tap';
import { formatAmount } from '../../src/mail/money.js';
import { plainSpaces } from './fixtures.js';

t.test('amounts in minor units are formatted the way each language writes them', async (t) => {
  t.equal(plainSpaces(formatAmount(1400, 'eur', 'fr')), '14,00 €');
  t.equal(plainSpaces(formatAmount(123456, 'eur', 'fr')), '1 234,56 €');
  t.equal(formatAmount(1400, 'eur', 'en'), '€14.00');
  t.match(formatAmount(999, 'usd', 'en'), /^(US)?\$9\.99$/);
  t.equal(plainSpaces(formatAmount(0, 'eur', 'fr')), '0,00 €');
});

t.test('zero-decimal currencies are not divided by a hundred', async (t) => {
  t.match(formatAmount(500, 'jpy', 'en'), /^(JP)?¥500$/);
  t.match(plainSpaces(formatAmount(500, 'jpy', 'fr')), /^500 (JPY|¥)$/);
});
