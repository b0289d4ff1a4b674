// A rounding unit a removal moves off a charge that ended earlier (decision 2) does not pull the next pending item
// forward to its own day: only a removal or cancellation (decision 19), a credit an order change requires (§6.6 rule
// 3) or a user's date does. It pulled item 2 (run date 2023-07-04) to 2023-05-02, the day after C11's end, before the
// removal (as of 2023-07-14) took effect, and invoiced it then (review 150).
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { activateSavedOrder, saveNewAccount, saveNewOrder } from '../../../src/operations/contracts';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import {
  getInvoiceSchedule,
  listScheduleCreditMemos,
  listScheduleInvoices,
} from '../../../src/operations/queries';
import { expectOk, newBilling } from '../../support/billing';

const rec = (number: string, price: string, dates: { startDate?: string; endDate?: string } = {}) => ({
  number,
  name: number,
  type: 'Recurring',
  price,
  listPriceBase: 'Year',
  billingPeriod: 'Annual',
  ...dates,
});
const disc = (number: string, pct: string) => ({
  number,
  name: number,
  type: 'DiscountPercentage',
  discountPercentage: pct,
});
const sub = (n: string, termStart: string, termEnd: string, charges: unknown[]) => ({
  type: 'CreateSubscription',
  subscriptionNumber: n,
  termType: 'Termed',
  termStart,
  termEnd,
  ratePlans: [{ id: `rp-${n}`, name: n, charges }],
});

/** Review 150's account: item 1 billed, then S1 removed as of 2023-07-14 (a unit moves off C11, ended 05-01). */
async function unitMoved(item2: string) {
  const billing = newBilling();
  const { context } = billing;
  expectOk(await saveNewAccount(context, { id: 'acc-1', number: 'A-1', name: 'Acme', currency: 'USD' }));
  expectOk(
    await saveNewOrder(context, {
      number: 'O-0001',
      accountNumber: 'A-1',
      orderDate: '2023-01-01',
      actions: [
        sub('S1', '2023-01-01', '2023-12-31', [
          rec('C11', '10.00', { endDate: '2023-05-01' }),
          rec('C12', '5.00', { startDate: '2023-01-02', endDate: '2023-12-30' }),
          disc('D1', '10'),
        ]),
        sub('S2', '2023-01-02', '2024-01-01', [
          rec('C21', '5030.57', { endDate: '2023-11-23' }),
          disc('D2', '25'),
        ]),
        sub('S3', '2023-01-01', '2023-12-31', [rec('C31', '6.67', { startDate: '2023-10-22' })]),
      ],
    }),
  );
  expectOk(await activateSavedOrder(context, { orderNumber: 'O-0001' }));
  const { number } = expectOk(
    await createInvoiceSchedule(context, {
      accountNumber: 'A-1',
      orders: ['O-0001'],
      items: [
        { runDate: '2023-01-01', percentage: '50' },
        { runDate: item2, percentage: '50' },
      ],
    }),
  );
  expectOk(await runBillRun(context, { targetDate: '2023-01-01', accountNumbers: ['A-1'] })); // item 1: 1,691.74
  // C11 (ended 2023-05-01) was billed 3.03 in full on item 1.
  expectOk(
    await saveNewOrder(context, {
      number: 'O-0002',
      accountNumber: 'A-1',
      orderDate: '2023-01-01',
      actions: [
        {
          type: 'RemoveProduct',
          subscriptionNumber: 'S1',
          ratePlanId: 'rp-S1',
          effectiveDate: '2023-07-14',
        },
      ],
    }),
  );
  expectOk(await activateSavedOrder(context, { orderNumber: 'O-0002' }));
  return { context, number };
}

describe('review 150: a removal later than the next run date does not pull the next item forward', () => {
  it('S1 removed as of 2023-07-14 (item 2 runs 2023-07-04): nextRunDate stays 2023-07-04, item 2 dated 2023-07-04', async () => {
    const { context, number } = await unitMoved('2023-07-04');
    const after = expectOk(await getInvoiceSchedule(context, number));
    // observed: 2023-05-02 (the day after C11's end: its set-rounding unit 3.03 → 3.02 "keeps its own day")
    expect(after.nextRunDate).toBe('2023-07-04');

    // A bill run of 2023-05-02 must bill nothing of the schedule (observed: INV00000002 1,689.65 dated 2023-05-02
    // for item 2, plus CM00000001 0.01 on C11 dated 2023-05-02).
    const early = expectOk(await runBillRun(context, { targetDate: '2023-05-02', accountNumbers: ['A-1'] }));
    expect({ invoices: early.invoiceNumbers, memos: early.creditMemoNumbers }).toEqual({
      invoices: [],
      memos: [],
    });

    expectOk(await runBillRun(context, { targetDate: '2023-07-14', accountNumbers: ['A-1'] }));
    const invoices = expectOk(await listScheduleInvoices(context, number));
    expect(invoices.map((i) => [i.invoiceDate, i.amount.toFixed(2)])).toEqual([
      ['2023-01-01', '1691.74'],
      ['2023-07-04', expect.any(String)],
    ]);
    const memos = expectOk(await listScheduleCreditMemos(context, number));
    for (const m of memos) expect(m.memoDate >= '2023-07-04', `${m.number} dated ${m.memoDate}`).toBe(true);
  });
});
