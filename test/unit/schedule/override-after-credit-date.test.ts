// A user's nextRunDate later than the day a removal's credit falls due postpones the processing (§6.6 rule 4,
// docs/guides/edit-pause-delete.md). What the runs and the listings then say of the documents' dates must agree
// (review 171):
// - an item the user's date pulled forward (run date 2023-12-31, nextRunDate 2023-10-01) is due on 2023-10-01, and
//   its invoice and the credit memo it gives are dated 2023-10-01 (decision 18: "the nextRunDate it was pulled
//   forward to (user override, …)"): the execution revised the schedule and dated them 2023-01-01, the credit's day;
// - a credit given alone (the next item undated) is postponed, dated its due date (edit-pause-delete.md: "a date
//   after theirs postpones them (they are then dated their due date)"): listItemsDue's Credit row said 2023-10-01.
import { describe, expect, it } from 'vitest';
import {
  getCreditMemo,
  getInvoice,
  listItemsDue,
  previewBillRun,
  runBillRun,
  updateInvoiceSchedule,
} from '../../../src/index';
import type { BillingContext } from '../../../src/ports';
import { chargeInput, createSubscription, expectOk, newBilling } from '../../support/billing';
import { givenAccount, givenActivatedOrder, givenSchedule, removeProducts } from '../../support/scenarios';

/** S1 (and S2) at the prices given, `items`, item 1 billed, S1 removed from its start, nextRunDate set to 10-01. */
async function given(
  prices: readonly string[],
  items: { runDate: string | null; amount: string }[],
): Promise<BillingContext> {
  const billing = newBilling();
  await givenAccount(billing, 'A-001');
  await givenActivatedOrder(billing, {
    number: 'O-0001',
    orderDate: '2023-01-01',
    actions: prices.map((price, k) =>
      createSubscription(`S${k + 1}`, [chargeInput({ number: `C${k + 1}`, price })]),
    ),
  });
  await givenSchedule(billing, { items });
  expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-01-01',
    actions: removeProducts(['S1'], '2023-01-01'),
  });
  expectOk(
    await updateInvoiceSchedule(billing.context, {
      invoiceScheduleNumber: 'IS-00000001',
      nextRunDate: '2023-10-01',
    }),
  );
  return billing.context;
}

describe('a nextRunDate the user set after a credit’s day (review 171)', () => {
  it('an item pulled forward to it: listed, previewed and billed on 2023-10-01, its documents dated 2023-10-01', async () => {
    const context = await given(
      ['100.00', '10.00'],
      [
        { runDate: '2023-01-01', amount: '107.84' },
        { runDate: '2023-12-31', amount: '2.16' },
      ],
    );
    expect(expectOk(await listItemsDue(context, { targetDate: '2023-06-01' })).data).toEqual([]);
    const rows = expectOk(await listItemsDue(context, { targetDate: '2023-10-01' })).data;
    expect(rows.map((r) => [r.kind, r.sequence, r.dueDate])).toEqual([['Item', 2, '2023-10-01']]);
    const preview = expectOk(await previewBillRun(context, { targetDate: '2023-10-01' }));
    const run = expectOk(await runBillRun(context, { targetDate: '2023-10-01' }));
    const invoice = expectOk(await getInvoice(context, run.invoiceNumbers[0] ?? ''));
    const memo = expectOk(await getCreditMemo(context, run.creditMemoNumbers[0] ?? ''));
    expect([invoice.invoiceDate, memo.memoDate]).toEqual(['2023-10-01', '2023-10-01']);
    expect([preview.invoices.map((i) => i.invoiceDate), preview.creditMemos.map((m) => m.memoDate)]).toEqual([
      ['2023-10-01'],
      ['2023-10-01'],
    ]);
  });

  it('a credit given alone: postponed to it, dated its due day, and listed so', async () => {
    const context = await given(
      ['100.00'],
      [
        { runDate: '2023-01-01', amount: '40.00' },
        { runDate: null, amount: '60.00' },
      ],
    );
    expect(expectOk(await listItemsDue(context, { targetDate: '2023-06-01' })).data).toEqual([]);
    const rows = expectOk(await listItemsDue(context, { targetDate: '2023-10-01' })).data;
    const run = expectOk(await runBillRun(context, { targetDate: '2023-10-01' }));
    const memo = expectOk(await getCreditMemo(context, run.creditMemoNumbers[0] ?? ''));
    expect([memo.memoDate, memo.amount.toFixed(2)]).toEqual(['2023-01-01', '40.00']);
    expect(rows.map((r) => [r.kind, r.dueDate])).toEqual([['Credit', '2023-01-01']]);
  });
});
