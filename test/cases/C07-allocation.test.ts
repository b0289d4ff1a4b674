import { describe, expect, it } from 'vitest';
import { allocate, CURRENCIES, cascadeLines, Dec, money, toDecimalString } from '../../src/money';

// C07 (cases.md): group 1 = C1, C2, C3 with totals 12,000 / 12,000 / 7,000 (31,000); INV001 bills 27,000
// of it, INV002 the remaining 4,000 (the item exhausts the group). Reference §7.3, decision 2.
const USD = CURRENCIES.USD!;
const totals = ['12000.00', '12000.00', '7000.00'].map((x) => new Dec(x));
const invoice = (before: string, after: string) =>
  cascadeLines({ totals, before: new Dec(before), after: new Dec(after), currency: USD }).map((x) =>
    x.toFixed(2),
  );

describe('C07 — staggered start dates, group 1 of 31,000', () => {
  it('C07 INV001 27,000.00: C1 10,451.61 / C2 10,451.62 / C3 6,096.77 (C2 takes the extra cent)', () => {
    expect(invoice('0', '27000')).toEqual(['10451.61', '10451.62', '6096.77']);
  });

  it('C07 INV002 4,000.00 (remainder of group 1): C1 1,548.39 / C2 1,548.38 / C3 903.23', () => {
    expect(invoice('27000', '31000')).toEqual(['1548.39', '1548.38', '903.23']);
  });

  it('C07 group 1 charges end at exactly 12,000.00 / 12,000.00 / 7,000.00', () => {
    const [a, b] = [invoice('0', '27000'), invoice('27000', '31000')];
    expect(a.map((x, j) => new Dec(x).plus(b[j]!).toFixed(2))).toEqual(['12000.00', '12000.00', '7000.00']);
  });

  it('C07 INV001: plain largest remainder would give C3 the cent (6,096.78); only the cascade gives 10,451.62 to C2', () => {
    const plain = allocate(money('27000.00', 'USD')._unsafeUnwrap(), [
      '12000',
      '12000',
      '7000',
    ])._unsafeUnwrap();
    expect(plain.map(toDecimalString)).toEqual(['10451.61', '10451.61', '6096.78']);
  });
});
