// The validators of `invoice-schedules/validation`, and the other exported checks documented to answer a
// Result, on a request whose getter or Proxy trap throws: they threw the caller's error through, where the
// operations (throwing-input.test.ts) answer `InvalidInput`. Each now reads the caller's input once
// (`readRequest`), answers the error at the field being read, and, on valid input, what it answered before.

import { readFileSync } from 'node:fs';
import { tenantSettings, validateCustomFields } from 'invoice-schedules';
import { allocate, getCurrency, money, parseAmount } from 'invoice-schedules/money';
import { parseBusinessDate } from 'invoice-schedules/time';
import * as validation from 'invoice-schedules/validation';
import { describe, expect, it } from 'vitest';
import { chargeInput, createSubscription } from '../support/billing';

/** What the caller's getters throw: it must come back in no answer. */
const SENTINEL = 'caller-getter-boom';
const boom = (): never => {
  throw new Error(SENTINEL);
};

type Answer = { isErr(): boolean; isOk(): boolean; error?: unknown; value?: unknown };
type Check = (input: unknown) => Answer;
const untyped = (f: unknown) => f as Check;

/** The five inputs of throwing-input.test.ts, built from a valid request whose first field is `key`. */
function throwingInputs(
  valid: () => object,
  key: string,
): readonly (readonly [string, () => unknown, string])[] {
  return [
    [
      'a getter that throws, defined with Object.defineProperty (not enumerable)',
      () => Object.defineProperty(valid(), key, { get: boom, enumerable: false, configurable: true }),
      key,
    ],
    [
      'an enumerable getter that throws',
      () => Object.defineProperty(valid(), key, { get: boom, enumerable: true, configurable: true }),
      key,
    ],
    ['a Proxy whose get trap throws', () => new Proxy(valid(), { get: boom }), key],
    ['a Proxy whose ownKeys trap throws', () => new Proxy(valid(), { ownKeys: boom }), ''],
    [
      'a revoked Proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable(valid(), {});
        revoke();
        return proxy;
      },
      '',
    ],
  ];
}

/** Calls `check` on `input`: it must not throw, and its answer must be an Err. */
function errorOf(check: Check, input: unknown): Record<string, unknown> {
  let answer: Answer | undefined;
  expect(() => {
    answer = check(input);
  }).not.toThrow();
  expect(answer?.isErr()).toBe(true);
  const error = answer?.error as Record<string, unknown>;
  expect(JSON.stringify(error)).not.toContain(SENTINEL);
  expect(Object.isFrozen(error)).toBe(true);
  return error;
}

const order = () => ({
  number: 'O-0900',
  accountNumber: 'A-001',
  orderDate: '2023-01-01',
  actions: [createSubscription('S900', [chargeInput({ number: 'C900', price: '1200.00' })])],
});

/**
 * Every function of the validation subpath, with a valid request and what it answers for it: `'input'` the
 * caller's own object (the same object), or the value it answered before.
 */
const VALIDATORS: Readonly<
  Record<string, { readonly check: Check; readonly valid: () => object; readonly answers?: unknown }>
> = {
  parseActivateOrderRequest: {
    check: untyped(validation.parseActivateOrderRequest),
    valid: () => ({ orderNumber: 'O-0001' }),
  },
  parseBillAccountRequest: {
    check: untyped(validation.parseBillAccountRequest),
    valid: () => ({ billRunNumber: 'BR-00000001', accountNumber: 'A-001' }),
  },
  parseChargeSelectionRequest: {
    check: untyped(validation.parseChargeSelectionRequest),
    valid: () => ({
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
    }),
  },
  parseCompleteBillRunRequest: {
    check: untyped(validation.parseCompleteBillRunRequest),
    valid: () => ({ billRunNumber: 'BR-00000001' }),
  },
  parseCreateAccountRequest: {
    check: untyped(validation.parseCreateAccountRequest),
    valid: () => ({ id: 'a1', number: 'A-001', name: 'Acme', currency: 'USD' }),
    answers: { id: 'a1', number: 'A-001', name: 'Acme', currency: 'USD' },
  },
  parseCreateInvoiceScheduleRequest: {
    check: untyped(validation.parseCreateInvoiceScheduleRequest),
    valid: () => ({
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: [{ name: 'Kick-off', runDate: '2023-02-04', amount: '70200.00' }],
    }),
  },
  parseCreateOrderRequest: {
    check: (input) => validation.parseCreateOrderRequest(input, 'USD'),
    valid: order,
  },
  parseCreditMemoKeyRequest: {
    check: untyped(validation.parseCreditMemoKeyRequest),
    valid: () => ({ creditMemoNumber: 'CM00000001' }),
  },
  parseExecuteInvoiceScheduleRequest: {
    check: untyped(validation.parseExecuteInvoiceScheduleRequest),
    valid: () => ({ invoiceScheduleNumber: 'IS-00000001', idempotencyKey: 'k-1' }),
  },
  parseGenerateBillingDocumentsRequest: {
    check: untyped(validation.parseGenerateBillingDocumentsRequest),
    valid: () => ({ accountNumber: 'A-001', targetDate: '2023-03-01' }),
  },
  parseInvoiceKeyRequest: {
    check: untyped(validation.parseInvoiceKeyRequest),
    valid: () => ({ invoiceNumber: 'INV00000001' }),
  },
  parseInvoiceScheduleKeyRequest: {
    check: untyped(validation.parseInvoiceScheduleKeyRequest),
    valid: () => ({ invoiceScheduleNumber: 'IS-00000001', expectedVersion: 1 }),
  },
  // It takes a key (a string), which has no getter: an object is read as the operations read their key.
  parseRecordKey: {
    check: untyped(validation.parseRecordKey),
    valid: () => ({ invoiceScheduleNumber: 'IS-00000001' }),
  },
  parseRunBillRunRequest: {
    check: untyped(validation.parseRunBillRunRequest),
    valid: () => ({ targetDate: '2023-03-01', accountNumbers: ['A-001'] }),
  },
  parseUpdateInvoiceScheduleRequest: {
    check: untyped(validation.parseUpdateInvoiceScheduleRequest),
    valid: () => ({ invoiceScheduleNumber: 'IS-00000001', notes: 'Renewal' }),
  },
};

describe('a validator on a request whose getter or Proxy trap throws answers InvalidInput at its field, never a throw', () => {
  it('covers every function of invoice-schedules/validation (etc/api-report.md)', () => {
    const report = readFileSync(new URL('../../etc/api-report.md', import.meta.url), 'utf8');
    const section = report.split('## `invoice-schedules/validation`')[1]?.split('\n## ')[0] ?? '';
    const listed = [...section.matchAll(/^- `(\w+)`: function$/gm)].map((m) => m[1] as string);
    expect(listed.length).toBeGreaterThan(10);
    expect(listed.sort()).toEqual(Object.keys(VALIDATORS).sort());
  });

  describe.each(Object.entries(VALIDATORS))('%s', (name, { check, valid, answers }) => {
    const first = Object.keys(valid())[0] as string;

    it.each(throwingInputs(valid, first))('%s', (_case, input, path) => {
      const error = errorOf(check, input());
      expect({ type: error.type, path: error.path }).toEqual({ type: 'InvalidInput', path });
      expect(String(error.message).startsWith(`${path || 'input'} could not be read:`)).toBe(true);
    });

    it('a valid request answers what it answered before (the same object where it was the caller’s)', () => {
      if (name === 'parseRecordKey') {
        expect(validation.parseRecordKey('IS-00000001')._unsafeUnwrap()).toBe('IS-00000001');
        return;
      }
      const input = valid();
      const answer = check(input);
      expect(answer.isOk()).toBe(true);
      if (answers === undefined) expect(answer.value).toBe(input);
      else expect(answer.value).toEqual(answers);
    });
  });

  it('a getter that does not throw is read once and the request otherwise checked as before', () => {
    let reads = 0;
    const input = Object.defineProperty({}, 'orderNumber', {
      enumerable: true,
      get: () => {
        reads += 1;
        return 'O-0001';
      },
    });
    expect(validation.parseActivateOrderRequest(input)._unsafeUnwrap()).toBe(input);
    expect(reads).toBe(1);
  });

  it('a nested field that throws is InvalidInput at its path (createInvoiceSchedule: items[0].amount)', () => {
    const request = VALIDATORS.parseCreateInvoiceScheduleRequest?.valid() as { items: object[] };
    Object.defineProperty(request.items[0], 'amount', { get: boom, enumerable: true });
    const error = errorOf(untyped(validation.parseCreateInvoiceScheduleRequest), request);
    expect({ type: error.type, path: error.path }).toEqual({ type: 'InvalidInput', path: 'items[0].amount' });
  });

  it('ordinary bad input answers the same words as before', () => {
    const error = validation.parseActivateOrderRequest({ orderNumber: '' })._unsafeUnwrapErr();
    expect(error.path).toBe('orderNumber');
    expect(error.message).not.toContain('could not be read');
  });
});

describe('the other exported checks that answer a Result do so for a throwing getter or Proxy trap', () => {
  it.each(throwingInputs(() => ({ timeZone: 'UTC', autoPost: true }), 'timeZone'))(
    'tenantSettings: %s is InvalidTenantSettings at its field',
    (_case, input, path) => {
      const error = errorOf(tenantSettings, input());
      expect({ type: error.type, path: error.path }).toEqual({ type: 'InvalidTenantSettings', path });
      expect(error.received).toBe('a getter or a Proxy trap that threw');
    },
  );

  it('tenantSettings: valid settings answer as before', () => {
    expect(tenantSettings({ timeZone: 'Pacific/Apia', autoPost: true })._unsafeUnwrap()).toEqual({
      timeZone: 'Pacific/Apia',
      prorationDays: 'actual',
      chargeGrouping: 'term',
      rounding: 'halfUp',
      autoPost: true,
    });
  });

  it.each(throwingInputs(() => ({ PONumber__c: 'PO-1234' }), 'PONumber__c'))(
    'validateCustomFields: %s is InvalidInput at its field',
    (_case, input, path) => {
      const error = errorOf((x) => validateCustomFields(x, 'items[2].customFields'), input());
      const at = path === '' ? 'items[2].customFields' : `items[2].customFields.${path}`;
      expect({ type: error.type, path: error.path }).toEqual({ type: 'InvalidInput', path: at });
    },
  );

  it('validateCustomFields: valid fields answer as before', () => {
    expect(validateCustomFields({ PONumber__c: 'PO-1234' })._unsafeUnwrap()).toEqual({
      PONumber__c: 'PO-1234',
    });
  });

  it.each(throwingInputs(() => ({ code: 'USD', minorUnits: 2 }), 'code').filter(([, , path]) => path !== ''))(
    'getCurrency, money and parseAmount: a currency object with %s is UnknownCurrency',
    (_case, input) => {
      for (const check of [
        (x: unknown) => getCurrency(x as never),
        (x: unknown) => money('1.00', x as never),
        (x: unknown) => parseAmount('1.00', x as never),
      ]) {
        expect(errorOf(check, input()).type).toBe('UnknownCurrency');
      }
    },
  );

  it('getCurrency: a revoked Proxy is UnknownCurrency; a currency object answers as before', () => {
    const { proxy, revoke } = Proxy.revocable({ code: 'USD', minorUnits: 2 }, {});
    revoke();
    expect(errorOf((x) => getCurrency(x as never), proxy).type).toBe('UnknownCurrency');
    expect(getCurrency({ code: 'USD', minorUnits: 2 })._unsafeUnwrap()).toEqual({
      code: 'USD',
      minorUnits: 2,
    });
  });

  it.each(throwingInputs(() => ({ d: ['1'] }), 'd'))(
    'money and parseBusinessDate: an amount or a date that is an object with %s is InvalidAmount, InvalidDate',
    (_case, input) => {
      expect(errorOf((x) => money(x as never, 'USD'), input()).type).toBe('InvalidAmount');
      expect(errorOf((x) => parseBusinessDate(x), input()).type).toBe('InvalidDate');
    },
  );
  // allocate reads its arguments' fields by name, so a Proxy whose ownKeys trap throws is never asked.
  const readByName = (cases: ReturnType<typeof throwingInputs>) =>
    cases.filter(([name]) => !name.includes('ownKeys'));

  it.each(readByName(throwingInputs(() => ({ ...money('10.00', 'USD')._unsafeUnwrap() }), 'amount')))(
    'allocate: a Money with %s is InvalidAmount at amount; valid Money and ratios answer as before',
    (_case, input) => {
      expect(errorOf((x) => allocate(x as never, ['1', '1']), input())).toMatchObject({
        type: 'InvalidAmount',
        field: 'amount',
      });
      const parts = allocate(money('10.00', 'USD')._unsafeUnwrap(), ['1', '2'])._unsafeUnwrap();
      expect(parts.map((p) => p.amount.toFixed(2))).toEqual(['3.33', '6.67']);
    },
  );

  it.each(readByName(throwingInputs(() => ['1', '1'], '0')))(
    'allocate: ratios with %s are InvalidRatios',
    (_case, input) => {
      expect(errorOf((x) => allocate(money('10.00', 'USD')._unsafeUnwrap(), x as never), input()).type).toBe(
        'InvalidRatios',
      );
    },
  );
});
