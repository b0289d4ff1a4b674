import { describe, expect, it } from 'vitest';
import { CURRENCIES, type Currency, getCurrency } from '../../../src/money';

describe('CURRENCIES (our ISO 4217 table)', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['GBP', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['VND', 0],
    ['CLP', 0],
    ['ISK', 0],
    ['UGX', 0],
    ['XAF', 0],
    ['XOF', 0],
    ['XPF', 0],
    ['PYG', 0],
    ['BIF', 0],
    ['DJF', 0],
    ['GNF', 0],
    ['KMF', 0],
    ['RWF', 0],
    ['VUV', 0],
    ['UYI', 0],
    ['BHD', 3],
    ['IQD', 3],
    ['JOD', 3],
    ['KWD', 3],
    ['LYD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['CLF', 4],
    ['UYW', 4],
    // ISO 4217 says 2 where Intl / ICU often says 0: the reason we ship our own table.
    ['IDR', 2],
    ['HUF', 2],
    ['COP', 2],
    ['PKR', 2],
    ['IRR', 2],
    ['TWD', 2],
    ['XCG', 2],
    ['ZWG', 2],
    ['SLE', 2],
    ['BOV', 2],
    ['CHE', 2],
    ['CHW', 2],
    ['COU', 2],
    ['MXV', 2],
    ['USN', 2],
  ])('%s has %i minor units', (code, minorUnits) => {
    expect(CURRENCIES[code]).toEqual({ code, minorUnits });
  });

  it('lists every active code (about 170) with consistent entries', () => {
    const entries = Object.entries(CURRENCIES);
    expect(entries.length).toBeGreaterThanOrEqual(165);
    for (const [key, c] of entries) {
      expect(c.code).toBe(key);
      expect(key).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(c.minorUnits);
    }
  });

  it('excludes codes without minor units (metals, testing, SDR)', () => {
    for (const code of ['XAU', 'XAG', 'XPD', 'XPT', 'XTS', 'XXX', 'XDR', 'XBA', 'XSU', 'XUA']) {
      expect(CURRENCIES[code]).toBeUndefined();
    }
  });

  it('excludes withdrawn codes such as HRK and MRO', () => {
    expect(CURRENCIES.HRK).toBeUndefined();
    expect(CURRENCIES.MRO).toBeUndefined();
  });

  it('is frozen, entries too', () => {
    expect(Object.isFrozen(CURRENCIES)).toBe(true);
    expect(Object.isFrozen(CURRENCIES.USD)).toBe(true);
  });
});

describe('getCurrency', () => {
  it('returns the canonical entry for a code', () => {
    expect(getCurrency('USD')._unsafeUnwrap()).toBe(CURRENCIES.USD);
  });

  it('returns the canonical entry for a matching currency object', () => {
    expect(getCurrency({ code: 'KWD', minorUnits: 3 })._unsafeUnwrap()).toBe(CURRENCIES.KWD);
  });

  it('refuses a currency object whose minor units disagree with ISO 4217', () => {
    const e = getCurrency({ code: 'USD', minorUnits: 3 })._unsafeUnwrapErr();
    expect(e.type).toBe('UnknownCurrency');
    expect(e.message).toContain('ISO 4217 gives USD 2');
  });

  it('refuses an unknown code with UnknownCurrency', () => {
    const e = getCurrency('ABC')._unsafeUnwrapErr();
    expect(e).toMatchObject({ type: 'UnknownCurrency', currency: 'ABC' });
    expect(e.message).toContain('"ABC"');
  });

  it('refuses a lower-case code and says which code to use', () => {
    const e = getCurrency('usd')._unsafeUnwrapErr();
    expect(e.type).toBe('UnknownCurrency');
    expect(e.message).toContain('use "USD"');
  });

  it('explains that metal and testing codes carry no minor units', () => {
    expect(getCurrency('XAU')._unsafeUnwrapErr().message).toContain('no minor units');
    expect(getCurrency('XTS')._unsafeUnwrapErr().message).toContain('no minor units');
  });

  it('refuses prototype keys such as "constructor"', () => {
    expect(getCurrency('constructor').isErr()).toBe(true);
    expect(getCurrency('__proto__').isErr()).toBe(true);
  });

  it.each([undefined, null, 42, {}, [], { code: 7 }, Symbol('x')])(
    'returns an error, not a throw, for %s',
    (input) => {
      const r = getCurrency(input as unknown as Currency);
      expect(r._unsafeUnwrapErr().type).toBe('UnknownCurrency');
    },
  );

  it('resolves an object with an unknown code as the code', () => {
    expect(getCurrency({ code: 'ZZZ', minorUnits: 2 })._unsafeUnwrapErr().currency).toBe('ZZZ');
  });
});
