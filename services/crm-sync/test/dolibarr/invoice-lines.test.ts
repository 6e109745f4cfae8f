import t from 'tap';
import { netLineFromGross } from '../../src/dolibarr/invoice-lines.js';

/**
 * What Dolibarr computes for the total with tax, in exact arithmetic: subprice × qty × (1 + rate/100)
 * rounded half away from zero to the cent. Independent of the float code under test.
 */
function exactGrossCents(netUnitPrice: number, quantity: number, vatRate: number): bigint {
  const decimals = (String(netUnitPrice).split('.')[1] ?? '').length;
  const netUnits = BigInt(Math.round(netUnitPrice * 10 ** decimals));
  const rateTenths = BigInt(Math.round(vatRate * 10));
  // cents = netUnits / 10^decimals × qty × (1000 + rateTenths) / 1000 × 100
  const numerator = netUnits * BigInt(quantity) * (1000n + rateTenths) * 100n;
  const denominator = 10n ** BigInt(decimals) * 1000n;
  return (2n * numerator + denominator) / (2n * denominator);
}

t.test('the examples, to the cent', async (t) => {
  t.match(netLineFromGross({ unitGrossCents: 1400 }), { netUnitPrice: 11.67, vatRate: 20, totalNetCents: 1167, totalVatCents: 233, totalGrossCents: 1400 });
  t.match(netLineFromGross({ unitGrossCents: 2900 }), { netUnitPrice: 24.17, totalNetCents: 2417, totalVatCents: 483, totalGrossCents: 2900 });
  t.match(netLineFromGross({ unitGrossCents: 4900 }), { netUnitPrice: 40.83, totalNetCents: 4083, totalVatCents: 817, totalGrossCents: 4900 });
  t.match(netLineFromGross({ unitGrossCents: 1400, vatRate: 5.5 }), { netUnitPrice: 13.27, totalNetCents: 1327, totalVatCents: 73, totalGrossCents: 1400 });
  t.match(netLineFromGross({ unitGrossCents: 4900, vatRate: 5.5 }), { netUnitPrice: 46.45, totalGrossCents: 4900 });
  t.match(netLineFromGross({ unitGrossCents: 2900, vatRate: 0 }), { netUnitPrice: 29, totalNetCents: 2900, totalVatCents: 0, totalGrossCents: 2900 });
  t.match(netLineFromGross({ unitGrossCents: 1400, quantity: 3 }), { quantity: 3, totalGrossCents: 4200 });
});

t.test('more decimals when two cannot reach the amount', async (t) => {
  const line = netLineFromGross({ unitGrossCents: 3 });
  t.equal(line.netUnitPrice, 0.024, '0.02 and 0.03 give 0.02 and 0.04 with tax');
  t.equal(line.totalGrossCents, 3);
});

t.test('every amount up to 500 € comes out exact, for the usual rates and quantities', async (t) => {
  let checked = 0;
  for (const vatRate of [20, 10, 5.5, 2.1, 0]) {
    for (const quantity of [1, 2, 7]) {
      for (let unitGrossCents = 0; unitGrossCents <= 50_000; unitGrossCents += quantity === 1 ? 1 : 37) {
        const line = netLineFromGross({ unitGrossCents, vatRate, quantity });
        const expected = BigInt(unitGrossCents * quantity);
        if (exactGrossCents(line.netUnitPrice, quantity, vatRate) !== expected || BigInt(line.totalGrossCents) !== expected) {
          t.fail(`${unitGrossCents} × ${quantity} at ${vatRate} % gave ${line.netUnitPrice}`);
          return;
        }
        if ((String(line.netUnitPrice).split('.')[1] ?? '').length > 5) t.fail(`too many decimals: ${line.netUnitPrice}`);
        checked += 1;
      }
    }
  }
  t.ok(checked > 250_000, `${checked} amounts checked`);
});

t.test('refuses what is not a price', async (t) => {
  t.throws(() => netLineFromGross({ unitGrossCents: 14.5 }), RangeError);
  t.throws(() => netLineFromGross({ unitGrossCents: -1 }), RangeError);
  t.throws(() => netLineFromGross({ unitGrossCents: 100, quantity: 0 }), RangeError);
  t.throws(() => netLineFromGross({ unitGrossCents: 100, vatRate: -5 }), RangeError);
});
