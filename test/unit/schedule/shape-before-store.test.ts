import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import {
  parseCreateInvoiceScheduleRequest,
  parseUpdateInvoiceScheduleRequest,
} from '../../../src/operations/validators';
import { expectErr, expectOk, type TestBilling } from '../../support/billing';
import { givenAccountsDue } from '../../support/scenarios';

// A request's own fields are checked before anything it names is looked up in the store: a malformed item
// amount for a charge already scheduled used to answer ChargeAlreadyScheduled (the coverage check came first),
// for an account that does not exist AccountNotFound, for a schedule that does not exist
// InvoiceScheduleNotFound. The error types are the same; only their order changed.

/** A-001 with order O-0001 (S1–S4, 70,200.00) already scheduled by IS-00000001 (one item on 2023-02-04). */
const scheduled = (): Promise<TestBilling> => givenAccountsDue(1);

const item = (fields: Record<string, unknown>) => ({ runDate: '2023-02-04', ...fields });

describe('createInvoiceSchedule: the items are checked before the store', () => {
  it.each([
    ['not a decimal string', 'InvalidAmount', [item({ amount: '70,200.00' })]],
    ['negative', 'ItemAmountNotPositive', [item({ amount: '-70200.00' })]],
    ['more decimals than USD has', 'AmountTooPrecise', [item({ amount: '70200.001' })]],
    [
      'an amount and a percentage',
      'ItemAmountAndPercentage',
      [item({ amount: '70200.00', percentage: '100' })],
    ],
    ['a percentage over 100', 'ItemPercentageOutOfRange', [item({ percentage: '120' })]],
    [
      'run dates out of order',
      'RunDatesNotIncreasing',
      [item({ runDate: '2023-05-01', amount: '35100.00' }), item({ amount: '35100.00' })],
    ],
    ['51 items', 'LimitExceeded', Array.from({ length: 51 }, () => item({ amount: '1.00' }))],
  ])('O-0001 already scheduled, items %s → %s, not ChargeAlreadyScheduled', async (_, type, items) => {
    const billing = await scheduled();
    const request = { accountNumber: 'A-001', orders: ['O-0001'], items };
    const error = expectErr(await createInvoiceSchedule(billing.context, request as never));
    expect(error.type).toBe(type);
    // The validator answers the same, without a store.
    if (type !== 'AmountTooPrecise')
      expect(parseCreateInvoiceScheduleRequest(request)._unsafeUnwrapErr().type).toBe(type);
    expect(billing.store.probe.snapshot().invoiceSchedules.map((s) => s.number)).toEqual(['IS-00000001']);
  });

  it('a well-formed request for the scheduled order still answers ChargeAlreadyScheduled', async () => {
    const billing = await scheduled();
    const error = expectErr(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [item({ amount: '70200.00' })],
      }),
    );
    expect(error.type).toBe('ChargeAlreadyScheduled');
  });

  it('an unknown account, an unknown order: the malformed amount is answered first', async () => {
    const billing = await scheduled();
    const bad = [item({ amount: 'abc' })];
    const noAccount = { accountNumber: 'A-404', orders: ['O-0001'], items: bad };
    expect(expectErr(await createInvoiceSchedule(billing.context, noAccount)).type).toBe('InvalidAmount');
    const noOrder = { accountNumber: 'A-001', orders: ['O-0404'], items: [item({ amount: '-1' })] };
    expect(expectErr(await createInvoiceSchedule(billing.context, noOrder)).type).toBe(
      'ItemAmountNotPositive',
    );
  });
});

describe('createInvoiceSchedule: the order of docs/guides/create-schedule.md "What is checked"', () => {
  it('an account that does not exist: limits and run dates first; an order that does not exist: decimals first', async () => {
    const billing = await scheduled();
    const noAccount = (items: unknown[]) => ({ accountNumber: 'A-404', orders: ['O-0001'], items });
    const many = Array.from({ length: 51 }, () => item({ amount: '1.00' }));
    const outOfOrder = [item({ runDate: '2023-05-01', amount: '1.00' }), item({ amount: '1.00' })];
    expect(expectErr(await createInvoiceSchedule(billing.context, noAccount(many) as never)).type).toBe(
      'LimitExceeded',
    );
    expect(expectErr(await createInvoiceSchedule(billing.context, noAccount(outOfOrder) as never)).type).toBe(
      'RunDatesNotIncreasing',
    );
    const tooPrecise = [item({ amount: '1.001' })];
    expect(expectErr(await createInvoiceSchedule(billing.context, noAccount(tooPrecise) as never)).type).toBe(
      'AccountNotFound',
    );
    const noOrder = { accountNumber: 'A-001', orders: ['O-0404'], items: tooPrecise };
    expect(expectErr(await createInvoiceSchedule(billing.context, noOrder)).type).toBe('AmountTooPrecise');
  });
});

describe('updateInvoiceSchedule: the items are checked before the schedule and the orders', () => {
  it('an item amount that is not a decimal (an object) on a schedule that does not exist → InvalidAmount', async () => {
    const billing = await scheduled();
    const error = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000404',
        items: [item({ amount: { value: 1 } })],
      } as never),
    );
    expect(error.type).toBe('InvalidAmount');
  });

  it('51 items for a schedule that does not exist → LimitExceeded, not InvoiceScheduleNotFound', async () => {
    const billing = await scheduled();
    const items = Array.from({ length: 51 }, () => item({ amount: '1.00' }));
    const error = expectErr(
      await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000404', items }),
    );
    expect(error.type).toBe('LimitExceeded');
  });

  it.each([
    ['with a pending item at 3 decimals → AmountTooPrecise', '70200.001', 'AmountTooPrecise'],
    ['with well-formed items → the missing order (OrderNotFound)', '70200.00', 'OrderNotFound'],
  ])('an orders change to an order that does not exist, %s', async (_, amount, type) => {
    const billing = await scheduled();
    const id = billing.store.probe.invoiceSchedule('IS-00000001')?.items[0]?.id as string;
    const error = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        orders: ['O-0001', 'O-0404'],
        items: [{ id, runDate: '2023-02-04', amount }],
      }),
    );
    expect(error.type).toBe(type);
    expect(billing.store.probe.invoiceSchedule('IS-00000001')?.version).toBe(1);
  });
});

describe('updateInvoiceSchedule: what no stored item can make right is refused before the schedule is read', () => {
  const unknown = (items: unknown[]) => ({ invoiceScheduleNumber: 'IS-00000404', items });

  it.each([
    ['a string that is no decimal', 'InvalidAmount', [item({ amount: 'abc' })]],
    ['a negative string', 'ItemAmountNotPositive', [item({ amount: '-5' })]],
    ['a zero string', 'ItemAmountNotPositive', [item({ amount: '0.00' })]],
    ['a negative number', 'ItemAmountNotPositive', [item({ amount: -5 })]],
    ['a zero Decimal', 'ItemAmountNotPositive', [item({ amount: new Decimal(0) })]],
    ['"Infinity"', 'InvalidAmount', [item({ amount: 'Infinity' })]],
    ['a negative exponent string', 'InvalidAmount', [item({ amount: '-1e3' })]],
    [
      'run dates out of order',
      'RunDatesNotIncreasing',
      [item({ runDate: '2023-05-01', amount: '1.00' }), item({ amount: '1.00' })],
    ],
    [
      'a blank run date before a dated one',
      'BlankRunDateNotLast',
      [{ amount: '1.00' }, item({ amount: '1.00' })],
    ],
  ])(
    'a schedule that does not exist, items %s → %s, and the validator answers the same',
    async (_, type, items) => {
      const billing = await scheduled();
      const request = unknown(items);
      const error = expectErr(await updateInvoiceSchedule(billing.context, request as never));
      expect(error.type).toBe(type);
      expect(parseUpdateInvoiceScheduleRequest(request)._unsafeUnwrapErr()).toEqual(error);
    },
  );

  it('a Decimal of -1e-100000 is named in exponent form, not as 100,000 digits', async () => {
    const billing = await scheduled();
    const error = expectErr(
      await updateInvoiceSchedule(
        billing.context,
        unknown([item({ amount: new Decimal('-1e-100000') })]) as never,
      ),
    );
    expect(error).toMatchObject({ type: 'ItemAmountNotPositive', amount: '-1e-100000' });
    expect(error.message.length).toBeLessThan(200);
  });

  it('an amount with more decimals than a currency has is left to the store: InvoiceScheduleNotFound', async () => {
    // '1.001' may be a stored amount in a currency of three decimals; only the schedule tells its currency.
    const billing = await scheduled();
    const request = unknown([item({ amount: '1.001' })]);
    expect(parseUpdateInvoiceScheduleRequest(request).isOk()).toBe(true);
    const error = expectErr(await updateInvoiceSchedule(billing.context, request as never));
    expect(error.type).toBe('InvoiceScheduleNotFound');
  });

  it('a processed item given back with its amount as any string Dec reads to it is still accepted', async () => {
    const billing = await scheduled();
    // Bill IS-00000001's one item (70,200.00 on 2023-02-04), then give it back as '7.02e4' and '0x11238'.
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    const stored = billing.store.probe.invoiceSchedule('IS-00000001');
    const processed = stored?.items[0];
    expect(processed?.status).toBe('Processed');
    for (const amount of ['7.02e4', '0x11238', '70200']) {
      const request = {
        invoiceScheduleNumber: 'IS-00000001',
        items: [{ id: processed?.id as string, runDate: '2023-02-04', amount }],
      };
      expect(parseUpdateInvoiceScheduleRequest(request).isOk()).toBe(true);
      expectOk(await updateInvoiceSchedule(billing.context, request));
    }
  });

  it('a processed item given back with an amount no stored amount can equal answers that amount first', async () => {
    const billing = await scheduled();
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    const id = billing.store.probe.invoiceSchedule('IS-00000001')?.items[0]?.id as string;
    const given = (amount: string) => ({
      invoiceScheduleNumber: 'IS-00000001',
      items: [{ id, runDate: '2023-02-04', amount }],
    });
    // Both rules are broken: the amount is malformed and the processed item's changed; the former is answered.
    expect(expectErr(await updateInvoiceSchedule(billing.context, given('abc'))).type).toBe('InvalidAmount');
    expect(expectErr(await updateInvoiceSchedule(billing.context, given('-70200.00'))).type).toBe(
      'ItemAmountNotPositive',
    );
    // A well-formed amount that is not the stored one is the processed item's change, as before.
    const changed = expectErr(await updateInvoiceSchedule(billing.context, given('70200.01')));
    expect([changed.type, (changed as { field?: unknown }).field]).toEqual([
      'ProcessedItemChanged',
      'amount',
    ]);
  });
});
