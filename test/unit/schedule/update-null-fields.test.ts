// An update request's lists are read only when given, and `null` is no way to leave one out (a JavaScript caller's
// null, or JSON's). The update parser used to fill a left-out `orders` with a placeholder order named "unused"
// (`o.orders ?? ['unused']`) and keep it because null is not undefined: `orders: null` was looked up as order
// "unused" (OrderNotFound), and with an order numbered `unused` in the store the update was accepted and the
// schedule covered that order (review finding). `additionalSubscriptionsToBill: null` was refused as "a non-empty
// array" although `[]` is accepted.
import { describe, expect, it } from 'vitest';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { parseUpdateInvoiceScheduleRequest } from '../../../src/operations/validators';
import { C01_SUBSCRIPTIONS, expectErr, expectOk, setUpOrder } from '../../support/billing';
import { C01_ITEMS, givenSchedule, givenSubscriptions, yearly } from '../../support/scenarios';

const IS1 = 'IS-00000001';

describe('updateInvoiceSchedule with a list or notes given as null', () => {
  it.each([
    ['orders', 'a non-empty array'],
    ['specificSubscriptions', 'an array (may be empty)'],
    ['additionalSubscriptionsToBill', 'an array of strings (may be empty)'],
    ['notes', 'a string'],
    ['items', 'an array of schedule items'],
    ['invoiceSeparately', 'true or false'],
    ['customFields', 'an object of custom fields (names ending in __c)'],
  ])('%s: null is InvalidInput at that path, expected %s', async (field, expected) => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS);
    await givenSchedule(billing, { items: C01_ITEMS });
    const request = { invoiceScheduleNumber: IS1, [field]: null } as never;
    const error = expectErr(await updateInvoiceSchedule(billing.context, request));
    expect(error).toMatchObject({ type: 'InvalidInput', path: field, expected, received: 'null' });
    // The validator a host runs first answers the same.
    expect(parseUpdateInvoiceScheduleRequest(request)._unsafeUnwrapErr()).toEqual(error);
  });

  it('orders: null is refused even when an order numbered "unused" exists: the schedule keeps covering O-0001 (70,200.00)', async () => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS);
    await setUpOrder(billing, {
      createAccount: false,
      orderNumber: 'unused',
      subscriptions: [yearly('S9', [{ number: 'C9', price: '1200.00' }])],
    });
    await givenSchedule(billing, { items: C01_ITEMS });
    const error = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: IS1,
        orders: null as never,
        items: [{ runDate: '2023-02-04', amount: '1200.00' }],
      }),
    );
    expect([error.type, 'path' in error ? error.path : undefined]).toEqual(['InvalidInput', 'orders']);
    const after = expectOk(await getInvoiceSchedule(billing.context, IS1));
    expect([after.orders, after.totalAmount.toFixed(2), after.version]).toEqual([['O-0001'], '70200.00', 1]);
  });

  it('additionalSubscriptionsToBill: [] is accepted (the list emptied), null is not', async () => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS);
    await givenSchedule(billing, { items: C01_ITEMS });
    const emptied = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: IS1,
        additionalSubscriptionsToBill: [],
      }),
    );
    expect(emptied.additionalSubscriptionsToBill).toEqual([]);
    const error = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: IS1,
        additionalSubscriptionsToBill: null as never,
      }),
    );
    expect(error.message).toBe(
      'additionalSubscriptionsToBill: expected an array of strings (may be empty), received null.',
    );
  });

  it('createInvoiceSchedule refuses additionalSubscriptionsToBill: null with the same words', async () => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS);
    const error = expectErr(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        additionalSubscriptionsToBill: null as never,
        items: C01_ITEMS,
      }),
    );
    expect(error).toMatchObject({
      type: 'InvalidInput',
      path: 'additionalSubscriptionsToBill',
      expected: 'an array of strings (may be empty)',
    });
  });

  it('a request that leaves the lists out changes only what it gives (notes), version 2', async () => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS);
    await givenSchedule(billing, { items: C01_ITEMS });
    const updated = expectOk(
      await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: IS1, notes: 'agreed' }),
    );
    expect([updated.orders, updated.notes, updated.totalAmount.toFixed(2), updated.version]).toEqual([
      ['O-0001'],
      'agreed',
      '70200.00',
      2,
    ]);
  });
});
