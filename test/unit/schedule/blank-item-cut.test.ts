// Decision 8 × decision 19: a removal of covered charges while the next pending item has a blank run date moves
// nothing then (nothing can be pulled forward), but is recorded for that item: when its run date is filled in later
// than the removal's effective date, `nextRunDate` becomes that date and the item is billed then, dated then
// (decision 18) — as when the date was there at the removal. It was lost: the item was billed on its own date
// (review 159). docs/guides/edit-pause-delete.md's example: C01 with run dates 2023-02-04 / 10-15 / 12-01, item 1
// billed, C1–C4 removed as of 2023-10-01 → the bill run of 2023-10-05 bills item 2 (2,650.00, dated 2023-10-01).
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { getInvoice, getInvoiceSchedule } from '../../../src/operations/queries';
import { expectOk, type TestBilling } from '../../support/billing';
import { billAndPost, givenActivatedOrder, givenC01Schedule, removeProducts } from '../../support/scenarios';

async function givenRemoval(
  item2: string | null,
  item3: string | null,
  removed: readonly string[] = ['S1', 'S2', 'S3', 'S4'],
  effectiveDate = '2023-10-01',
): Promise<TestBilling> {
  const { billing } = await givenC01Schedule({
    now: '2023-02-04T12:00:00Z',
    items: [
      { runDate: '2023-02-04', amount: '50000.00' },
      { runDate: item2, amount: '14000.00' },
      { runDate: item3, amount: '6200.00' },
    ],
  });
  await billAndPost(billing, ['2023-02-04']);
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-02-10',
    actions: removeProducts(removed, effectiveDate),
  });
  return billing;
}

async function setRunDates(billing: TestBilling, item2: string | null, item3: string | null) {
  const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
  const dates = ['2023-02-04', item2, item3];
  return expectOk(
    await updateInvoiceSchedule(billing.context, {
      invoiceScheduleNumber: 'IS-00000001',
      items: schedule.items.map((item, k) => ({
        id: item.id,
        runDate: dates[k] ?? null,
        amount: item.amount.toFixed(2),
      })),
    }),
  );
}

/** The 2023-10-05 bill run's invoice: its date and amount. */
async function billedOn20231005(billing: TestBilling): Promise<[string | undefined, string | undefined]> {
  const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-05' }));
  const number = run.invoiceNumbers[0];
  const invoice = number === undefined ? undefined : expectOk(await getInvoice(billing.context, number));
  return [invoice?.invoiceDate, invoice?.amount.toFixed(2)];
}

describe('a removal while the next item has a blank run date (decisions 8, 19; review 159)', () => {
  it('item 2 dated 2023-10-15 at the removal: nextRunDate 2023-10-01, 2,650.00 dated 2023-10-01', async () => {
    const billing = await givenRemoval('2023-10-15', '2023-12-01');
    expect(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')).nextRunDate).toBe('2023-10-01');
    expect(await billedOn20231005(billing)).toEqual(['2023-10-01', '2650.00']);
  });

  it('item 2 blank at the removal: nothing moves then; filled with 2023-10-15, it is due on 2023-10-01', async () => {
    const billing = await givenRemoval(null, null);
    expect(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')).nextRunDate).toBeNull();
    expect((await setRunDates(billing, '2023-10-15', null)).nextRunDate).toBe('2023-10-01');
    expect(await billedOn20231005(billing)).toEqual(['2023-10-01', '2650.00']);
  });

  it('filled with a date before the removal, the item keeps its own date', async () => {
    const billing = await givenRemoval(null, null);
    expect((await setRunDates(billing, '2023-09-01', null)).nextRunDate).toBe('2023-09-01');
  });

  it('dated 2023-12-01 at the removal, blanked, then filled with 2023-10-15: due on 2023-10-01 too', async () => {
    const billing = await givenRemoval('2023-12-01', '2023-12-15');
    expect((await setRunDates(billing, null, null)).nextRunDate).toBeNull();
    expect((await setRunDates(billing, '2023-10-15', null)).nextRunDate).toBe('2023-10-01');
    expect(await billedOn20231005(billing)).toEqual(['2023-10-01', '2650.00']);
  });

  it('a credit memo issued while the date was blank uses the cut up: a date filled in later stays (review 170)', async () => {
    // S1 and S2 removed as of 2023-03-01: C1 26,282.05 − 6,150.00 and C2 15,313.39 − 3,583.33 credited.
    const billing = await givenRemoval(null, null, ['S1', 'S2'], '2023-03-01');
    const march = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-05' }));
    const memo = billing.store.probe.creditMemo(march.creditMemoNumbers[0] ?? '');
    expect([march.invoiceNumbers, memo?.memoDate, memo?.amount]).toEqual([[], '2023-03-01', '31862.11']);
    expect((await setRunDates(billing, '2023-06-01', null)).nextRunDate).toBe('2023-06-01');
    const idle = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-31' }));
    expect([idle.invoiceNumbers, idle.creditMemoNumbers]).toEqual([[], []]);
    const june = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    const invoice = expectOk(await getInvoice(billing.context, june.invoiceNumbers[0] ?? ''));
    expect([invoice.invoiceDate, invoice.amount.toFixed(2)]).toEqual(['2023-06-01', '3395.44']);
  });

  it('also when the user pulled the memo before the removal’s day (§6.6 rule 4, C22; review 172)', async () => {
    const billing = await givenRemoval(null, null, ['S1', 'S2'], '2023-03-01');
    expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-02-20',
      }),
    );
    const pulled = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-20' }));
    const memo = billing.store.probe.creditMemo(pulled.creditMemoNumbers[0] ?? '');
    expect([memo?.memoDate, memo?.amount]).toEqual(['2023-02-20', '31862.11']);
    expect((await setRunDates(billing, '2023-06-01', null)).nextRunDate).toBe('2023-06-01');
    const idle = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-05' }));
    expect([idle.invoiceNumbers, idle.creditMemoNumbers]).toEqual([[], []]);
  });
});
