import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { updateInvoiceSchedule } from '../../src/operations/lifecycle';
import {
  chargeInput,
  createSubscription,
  expectErr,
  expectOk,
  newBilling,
  type TestBilling,
} from '../support/billing';
import {
  createSchedule,
  givenAccount,
  givenActivatedOrder,
  rewriteStoredSchedule,
} from '../support/scenarios';

// §7.7: a schedule's additional subscriptions are billed with its item by standard billing up to the item's
// target date. A subscription listed twice in `additionalSubscriptionsToBill` was accepted by create and
// update, and billed once per listing: S9 (100.00 a month) was billed 700.00 for January to March (300.00)
// by the first item's run — its three months twice on the item's invoice, and January again on an invoice of
// its own (a reviewer's finding). A repeat is now refused as InvalidInput, and a schedule stored
// with one (written before) bills each subscription once.
//
// S1/C1 12,000.00 a year billed annually, covered; S9/C9 1,200.00 a year billed monthly, named as additional.
// Item 1 runs on 2023-01-15 with a target date of 2023-03-01 for the additional subscriptions.
async function given(additional: readonly string[]) {
  const billing = newBilling();
  await givenAccount(billing, 'A-001');
  await givenActivatedOrder(billing, {
    number: 'O-0001',
    orderDate: '2023-01-01',
    actions: [
      createSubscription('S1', [chargeInput({ number: 'C1', price: '12000.00' })]),
      createSubscription('S9', [
        {
          number: 'C9',
          name: 'C9',
          type: 'Recurring',
          price: '1200.00',
          listPriceBase: 'Year',
          billingPeriod: 'Month',
        },
      ]),
    ],
  });
  const created = await createSchedule(billing, {
    specificSubscriptions: [{ orderNumber: 'O-0001', subscriptionNumber: 'S1' }],
    additionalSubscriptionsToBill: additional,
    items: [
      { runDate: '2023-01-15', amount: '6000.00', targetDateForAdditionalSubscriptions: '2023-03-01' },
      { runDate: '2023-06-15', amount: '6000.00' },
    ],
  });
  return { billing, created };
}

/** IS-00000001 rewritten as a release before the refusal could store it: S9 listed twice. */
function storedWithRepeat(billing: TestBilling): Promise<void> {
  return rewriteStoredSchedule(billing, 'IS-00000001', (stored) => ({
    ...stored,
    additionalSubscriptionsToBill: ['S9', 'S9'],
  }));
}

/** INV00000001 as stored: its number and amount, then its lines' subscription, charge, amount and period. */
function firstInvoice(billing: TestBilling) {
  const invoice = billing.store.probe.invoice('INV00000001');
  if (invoice === null) throw new Error('INV00000001 was not issued');
  return [
    [invoice.number, invoice.amount],
    ...invoice.lines.map((l) => [
      l.subscriptionNumber,
      l.chargeNumber,
      l.amount,
      l.serviceStartDate,
      l.serviceEndDate,
    ]),
  ];
}

const billedOn15January = [
  ['INV00000001', '6300.00'],
  ['S1', 'C1', '6000.00', '2023-01-01', '2023-06-30'],
  ['S9', 'C9', '100.00', '2023-01-01', '2023-01-31'],
  ['S9', 'C9', '100.00', '2023-02-01', '2023-02-28'],
  ['S9', 'C9', '100.00', '2023-03-01', '2023-03-31'],
];

describe('an additional subscription listed twice', () => {
  it('listed once: item 1 bills S9 for January to March (300.00) with C1 (6,000.00)', async () => {
    const { billing, created } = await given(['S9']);
    expectOk(created);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-15' }));
    expect(run.invoiceNumbers).toEqual(['INV00000001']);
    expect(firstInvoice(billing)).toEqual(billedOn15January);
  });

  it('create refuses the repeat (InvalidInput at its index), and saves nothing', async () => {
    const { billing, created } = await given(['S9', 'S1', 'S9']);
    expect(expectErr(created)).toMatchObject({
      type: 'InvalidInput',
      path: 'additionalSubscriptionsToBill[2]',
      expected: 'a subscription number listed once (this one is also at additionalSubscriptionsToBill[0])',
    });
    expect(billing.store.probe.invoiceSchedule('IS-00000001')).toBeNull();
  });

  it('update refuses a repeat too (a list other than the stored one), and changes nothing', async () => {
    const { billing, created } = await given(['S9']);
    expectOk(created);
    const before = billing.store.probe.snapshot();
    const refused = await updateInvoiceSchedule(billing.context, {
      invoiceScheduleNumber: 'IS-00000001',
      additionalSubscriptionsToBill: ['S9', 'S9'],
    });
    expect(expectErr(refused)).toMatchObject({
      type: 'InvalidInput',
      path: 'additionalSubscriptionsToBill[1]',
    });
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it('a schedule stored with a repeat (written before it was refused) bills S9 once', async () => {
    const { billing, created } = await given(['S9']);
    expectOk(created);
    await storedWithRepeat(billing);
    expect(billing.store.probe.invoiceSchedule('IS-00000001')?.additionalSubscriptionsToBill).toEqual([
      'S9',
      'S9',
    ]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-15' }));
    expect(run.invoiceNumbers).toEqual(['INV00000001']);
    expect(firstInvoice(billing)).toEqual(billedOn15January);
  });

  it('a schedule stored with a repeat can be sent back as read (lists sent back as stored are no change, §5.1): its notes change, the list stays', async () => {
    const { billing, created } = await given(['S9']);
    expectOk(created);
    await storedWithRepeat(billing);
    const updated = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        additionalSubscriptionsToBill: ['S9', 'S9'],
        notes: 'edited',
      }),
    );
    expect([updated.notes, updated.additionalSubscriptionsToBill]).toEqual(['edited', ['S9', 'S9']]);
    // Any other list with a repeat is refused.
    expect(
      expectErr(
        await updateInvoiceSchedule(billing.context, {
          invoiceScheduleNumber: 'IS-00000001',
          additionalSubscriptionsToBill: ['S9', 'S9', 'S9'],
        }),
      ),
    ).toMatchObject({ type: 'InvalidInput', path: 'additionalSubscriptionsToBill[1]' });
  });
});
