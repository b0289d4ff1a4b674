import { describe, expect, it } from 'vitest';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { parseCreateInvoiceScheduleRequest } from '../../../src/operations/validators';
import { expectErr, type TestBilling } from '../../support/billing';
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

  it('an orders change to an order that does not exist, with a pending item at 3 decimals → AmountTooPrecise', async () => {
    const billing = await scheduled();
    const id = billing.store.probe.invoiceSchedule('IS-00000001')?.items[0]?.id as string;
    const error = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        orders: ['O-0001', 'O-0404'],
        items: [{ id, runDate: '2023-02-04', amount: '70200.001' }],
      }),
    );
    expect(error.type).toBe('AmountTooPrecise');
    expect(billing.store.probe.invoiceSchedule('IS-00000001')?.version).toBe(1);
  });

  it('the same change with well-formed items answers the missing order', async () => {
    const billing = await scheduled();
    const id = billing.store.probe.invoiceSchedule('IS-00000001')?.items[0]?.id as string;
    const error = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        orders: ['O-0001', 'O-0404'],
        items: [{ id, runDate: '2023-02-04', amount: '70200.00' }],
      }),
    );
    expect(error.type).toBe('OrderNotFound');
  });
});
