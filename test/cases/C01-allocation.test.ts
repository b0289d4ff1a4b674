import { describe, expect, it } from 'vitest';
import { allocate, CURRENCIES, cascadeLines, Dec, money, toDecimalString } from '../../src/money';

// C01 (cases.md): four charges 2023-01-01 → 2023-12-31, one group of 70,200.00 (reference §7.2 a),
// items 50,000 / 14,000 / 6,200 split by the cumulative cascade of §7.3 (decision 2).
const USD = CURRENCIES.USD!;
const totals = ['36900.00', '21500.00', '11000.00', '800.00'].map((x) => new Dec(x));
const invoice = (before: string, after: string) =>
  cascadeLines({ totals, before: new Dec(before), after: new Dec(after), currency: USD }).map((x) =>
    x.toFixed(2),
  );

describe('C01 — single-year schedule, four charges, cumulative cascade', () => {
  it('C01 INV001 (cumulative 0 → 50,000): C1 26,282.05 / C2 15,313.39 / C3 7,834.76 / C4 569.80', () => {
    expect(invoice('0', '50000')).toEqual(['26282.05', '15313.39', '7834.76', '569.80']);
  });

  it('C01 INV002 (cumulative 50,000 → 64,000): C1 7,358.98 / C2 4,287.75 / C3 2,193.73 / C4 159.54', () => {
    expect(invoice('50000', '64000')).toEqual(['7358.98', '4287.75', '2193.73', '159.54']);
  });

  it('C01 INV003 (cumulative 64,000 → 70,200): C1 3,258.97 / C2 1,898.86 / C3 971.51 / C4 70.66', () => {
    expect(invoice('64000', '70200')).toEqual(['3258.97', '1898.86', '971.51', '70.66']);
  });

  it('C01 each invoice sums to its item: 50,000.00 / 14,000.00 / 6,200.00', () => {
    const sumOf = (xs: string[]) => xs.reduce((a, x) => a.plus(x), new Dec(0)).toFixed(2);
    expect(sumOf(invoice('0', '50000'))).toBe('50000.00');
    expect(sumOf(invoice('50000', '64000'))).toBe('14000.00');
    expect(sumOf(invoice('64000', '70200'))).toBe('6200.00');
  });

  it('C01 each charge is billed exactly its price over the three invoices: 36,900 / 21,500 / 11,000 / 800', () => {
    const all = [invoice('0', '50000'), invoice('50000', '64000'), invoice('64000', '70200')];
    const perCharge = totals.map((_, j) => all.reduce((a, inv) => a.plus(inv[j]!), new Dec(0)).toFixed(2));
    expect(perCharge).toEqual(['36900.00', '21500.00', '11000.00', '800.00']);
  });

  it('C01 INV002 C1 is 7,358.98 where naive independent rounding would give 7,358.97', () => {
    const naive = new Dec(14000).div(70200).times(36900).toDecimalPlaces(2).toFixed(2);
    expect(naive).toBe('7358.97');
    expect(invoice('50000', '64000')[0]).toBe('7358.98');
  });

  it('C01 INV001 by plain allocate() by charge price: 26,282.05 / 15,313.39 / 7,834.76 / 569.80', () => {
    const ratios = ['36900', '21500', '11000', '800'];
    const inv1 = allocate(money('50000.00', 'USD')._unsafeUnwrap(), ratios)._unsafeUnwrap();
    expect(inv1.map(toDecimalString)).toEqual(['26282.05', '15313.39', '7834.76', '569.80']);
  });
});
