import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeTotals, isCurrency, MoneyOverflow, minorDigits, toDecimal } from './money';

const line = (quantityMilli: number, unitPrice: number, taxRateBp = 0, discountBp = 0) => ({
  quantityMilli,
  unitPrice,
  taxRateBp,
  discountBp,
});

describe('money', () => {
  it('knows the minor digits of JPY, EUR and KWD and refuses made-up currencies', () => {
    assert.deepEqual(['JPY', 'EUR', 'KWD'].map(minorDigits), [0, 2, 3]);
    assert.equal(isCurrency('EUR'), true);
    assert.equal(isCurrency('XYZ'), false);
    assert.equal(toDecimal(1234, 'KWD'), '1.234');
    assert.equal(toDecimal(5, 'EUR'), '0.05');
    assert.equal(toDecimal(1234, 'JPY'), '1234');
  });

  it('rounds each line half away from zero, then sums the rounded lines', () => {
    // 0.5 × 1 cent = 0.5 → 1; tax 19 % of 1 cent = 0.19 → 0. Three such lines: 3 cents net, 0 tax.
    const totals = computeTotals([line(500, 1, 1900), line(500, 1, 1900), line(500, 1, 1900)]);
    assert.deepEqual(totals.lines, [
      { net: 1, tax: 0 },
      { net: 1, tax: 0 },
      { net: 1, tax: 0 },
    ]);
    assert.equal(totals.total, 3);
    // 1.5 × 333 = 499.5 → 500; tax 7 % = 35
    assert.deepEqual(computeTotals([line(1500, 333, 700)]).lines, [{ net: 500, tax: 35 }]);
    // discount 10 % of 1 × 1005 = 904.5 → 905
    assert.deepEqual(computeTotals([line(1000, 1005, 0, 1000)]).lines, [{ net: 905, tax: 0 }]);
  });

  it('groups taxes per rate over many lines with three rates', () => {
    const lines = Array.from({ length: 99 }, (_, i) => line(1000 + i, 1999, [0, 700, 1900][i % 3]!));
    const totals = computeTotals(lines);
    assert.deepEqual(
      totals.taxes.map((t) => t.rateBp),
      [0, 700, 1900],
    );
    assert.equal(
      totals.taxes.reduce((sum, t) => sum + t.tax, 0),
      totals.taxTotal,
    );
    assert.equal(
      totals.lines.reduce((sum, l) => sum + l.net + l.tax, 0),
      totals.total,
    );
    assert.equal(totals.total, totals.subtotal + totals.taxTotal);
  });

  it('refuses totals beyond 2^53 − 1 minor units', () => {
    assert.doesNotThrow(() => computeTotals([line(1000, Number.MAX_SAFE_INTEGER)]));
    assert.throws(() => computeTotals([line(2000, Number.MAX_SAFE_INTEGER)]), MoneyOverflow);
    assert.throws(() => computeTotals([line(1000, Number.MAX_SAFE_INTEGER, 100)]), MoneyOverflow);
  });
});
