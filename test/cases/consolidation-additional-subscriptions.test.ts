import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { postInvoice } from '../../src/operations/invoices';
import { detachInvoiceScheduleCharges, updateInvoiceSchedule } from '../../src/operations/lifecycle';
import { previewBillRun } from '../../src/operations/preview';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { createSubscription, expectOk, newBilling, type TestBilling } from '../support/billing';
import {
  createSchedule,
  givenAccount,
  givenActivatedOrder,
  givenScheduleNamingQuarterly,
  perYear,
} from '../support/scenarios';

// §7.7 with §7.8: a schedule with invoiceSeparately false bills its additional subscription with its item; the
// item's invoice is the account's shared invoice of the run, and the account's standard billing, which runs
// after it in the same run, must see those lines (billing history belongs to the charge, decision 17). Before
// the run was decided at once, the held shared invoice was invisible to standard billing, which billed S2's
// year a second time (INV00000001 S2 1,200.00, then INV00000002 S1 + S2 2,400.00: 3,600.00 in all).
const yearly = (number: string) => ({
  number,
  name: number,
  type: 'Recurring',
  price: '1200.00',
  listPriceBase: 'Year',
  billingPeriod: 'Annual',
});

describe('consolidation with additional subscriptions (§7.7, §7.8, decision 11)', () => {
  it('S1 in a schedule (invoiceSeparately false, additional S2) and S2 billed with its item: one invoice 2,400.00, S2 billed once', async () => {
    const billing = newBilling({}, '2023-01-01T12:00:00Z');
    await givenAccount(billing, 'A-001');
    await givenActivatedOrder(billing, {
      number: 'O-001',
      orderDate: '2023-01-01',
      actions: [createSubscription('S1', [yearly('C1')])],
    });
    await givenActivatedOrder(billing, {
      number: 'O-002',
      orderDate: '2023-01-01',
      actions: [createSubscription('S2', [yearly('C2')])],
    });
    expectOk(
      await createSchedule(billing, {
        orders: ['O-001'],
        invoiceSeparately: false,
        additionalSubscriptionsToBill: ['S2'],
        items: [{ runDate: '2023-01-01', amount: '1200.00' }],
      }),
    );
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
    expect(run.invoiceNumbers).toEqual(['INV00000001']);
    const invoice = billing.store.probe.invoice('INV00000001');
    expect(invoice?.amount).toBe('2400.00');
    expect(invoice?.lines.map((l) => [l.subscriptionNumber, l.chargeNumber, l.amount])).toEqual([
      ['S1', 'C1', '1200.00'],
      ['S2', 'C2', '1200.00'],
    ]);
    const again = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(again.invoiceNumbers).toEqual([]);
  });
});

// An item processed without an invoice (its actual amount is 0 after a change) still bills its additional
// subscriptions; for a consolidating item in a bill run their invoice is the run's shared invoice (or joins it),
// so the account's standard billing of the run joins it (decision 11; additional-subscriptions.md "Things to
// know"). S1/C1 12,000.00 a year billed annually, S2/C2 1,200.00 a year billed per quarter (300.00 a quarter).
// IS-00000001 (invoiceSeparately false) covers C1 and names S2: item 1 on 2023-02-01 bills 6,000.00 (C1
// 2023-01-01 → 06-30) and S2's first quarter; then C1 is detached, so item 2 (2023-06-01) is left at 0.00 and C1's
// second half (6,000.00) goes to standard billing. Before: the run of 2023-06-15 issued INV00000002 (S2 300.00,
// dated 2023-06-01) and INV00000003 (C1 6,000.00, dated 2023-06-15).

async function zeroItemWithAdditional(
  options: { readonly flagged?: boolean; readonly invoiceSeparately?: boolean } = {},
): Promise<TestBilling> {
  const billing = await givenScheduleNamingQuarterly(
    'S2',
    [
      { runDate: '2023-02-01', amount: '6000.00' },
      { runDate: '2023-06-01', amount: '6000.00' },
    ],
    { flagged: options.flagged === true, invoiceSeparately: options.invoiceSeparately ?? false },
  );
  const first = expectOk(
    await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
  );
  expect(first.invoiceNumbers).toEqual(['INV00000001']);
  expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
  expectOk(
    await detachInvoiceScheduleCharges(billing.context, {
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
    }),
  );
  const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
  expect(schedule.items.map((i) => i.actualAmount.toFixed(2))).toEqual(['6000.00', '0.00']);
  return billing;
}

describe('a consolidating item processed without an invoice: its additional subscriptions consolidate (§7.7, §7.8, decision 11)', () => {
  it('bill run 2023-06-15: one invoice INV00000002 6,300.00 dated 2023-06-15 = S2 C2 300.00 (item 2, 2023-04-01 → 06-30) + standard C1 6,000.00 (2023-07-01 → 12-31)', async () => {
    const billing = await zeroItemWithAdditional();
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-15' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000002'], []]);
    const invoice = billing.store.probe.invoice('INV00000002');
    // Dated the latest of its parts (item 2's 2023-06-01, standard billing's 2023-06-15), decision 18.
    expect([invoice?.amount, invoice?.invoiceDate]).toEqual(['6300.00', '2023-06-15']);
    expect(
      invoice?.lines.map((l) => [
        l.subscriptionNumber,
        l.chargeNumber,
        l.amount,
        l.serviceStartDate,
        l.serviceEndDate,
      ]),
    ).toEqual([
      ['S2', 'C2', '300.00', '2023-04-01', '2023-06-30'],
      ['S1', 'C1', '6000.00', '2023-07-01', '2023-12-31'],
    ]);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    // Item 2 has no invoice of its own (the additional subscriptions' lines are not the schedule's).
    expect(schedule.items.map((i) => [i.status, i.billedAmount.toFixed(2), i.invoiceNumber])).toEqual([
      ['Processed', '6000.00', 'INV00000001'],
      ['Processed', '0.00', null],
    ]);
  });

  it('previewBillRun of 2023-06-15 shows the same one invoice of 6,300.00 dated 2023-06-15', async () => {
    const billing = await zeroItemWithAdditional();
    const preview = expectOk(await previewBillRun(billing.context, { targetDate: '2023-06-15' }));
    expect(preview.invoices.map((i) => [i.number, i.amount.toFixed(2), i.invoiceDate])).toEqual([
      ['PREVIEW-INV-1', '6300.00', '2023-06-15'],
    ]);
    expect(preview.creditMemos).toEqual([]);
  });
});

// Review 129: S2 flagged "invoice separately". A flagged subscription listed as additional still has its lines
// with the item (additional-subscriptions.md, "Things to know"), and its lines joined the shared invoice when the
// item had an invoice; with the item at 0.00, its flag split it off: INV00000002 (S2 300.00, dated 2023-06-01) and
// INV00000003 (C1 6,000.00) instead of one invoice.
describe('an item at 0.00 bills its additional subscriptions on one invoice, whatever their "invoice separately" flag', () => {
  it('consolidating: S2 flagged still makes the shared invoice, 6,300.00', async () => {
    const billing = await zeroItemWithAdditional({ flagged: true });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-15' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000002'], []]);
    const invoice = billing.store.probe.invoice('INV00000002');
    expect([invoice?.amount, invoice?.invoiceDate]).toEqual(['6300.00', '2023-06-15']);
    expect(invoice?.lines.map((l) => [l.subscriptionNumber, l.amount])).toEqual([
      ['S2', '300.00'],
      ['S1', '6000.00'],
    ]);
  });

  it('not consolidating: S2 flagged and S3 not — one invoice of their lines dated the item’s 2023-06-01, then C1 on its own', async () => {
    const billing = await zeroItemWithAdditional({ flagged: true, invoiceSeparately: true });
    await givenActivatedOrder(billing, {
      number: 'O-003',
      orderDate: '2023-01-01',
      actions: [createSubscription('S3', [perYear('C3', '2400.00', 'Quarter')])],
    });
    expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        additionalSubscriptionsToBill: ['S2', 'S3'],
      }),
    );
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-15' }));
    const invoices = run.invoiceNumbers.map((n) => {
      const i = billing.store.probe.invoice(n);
      return [
        i?.invoiceDate,
        i?.amount,
        i?.lines.map((l) => [l.subscriptionNumber, l.amount, l.serviceStartDate]),
      ];
    });
    expect(invoices).toEqual([
      [
        '2023-06-01',
        '1500.00',
        [
          ['S2', '300.00', '2023-04-01'],
          // S3 was named after item 1: its first two quarters.
          ['S3', '600.00', '2023-01-01'],
          ['S3', '600.00', '2023-04-01'],
        ],
      ],
      ['2023-06-15', '6000.00', [['S1', '6000.00', '2023-07-01']]],
    ]);
  });
});
