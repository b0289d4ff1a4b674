// Credits on accounts with a charge running to 9999-12-31, the last supported day (a host's "never"; found in
// review). A charge's credit starts the day after its end unless it was removed entirely (`creditStartDate`);
// for a charge that was not cut and ends 9999-12-31 that day is 10000-01-01, and `addDays` threw a RangeError:
// - a schedule's credit memo listed every zero-priced charge of the schedule with its credit start (to show a
//   0.00 line for those cut with the others, C08), so a zero-priced charge to 9999-12-31 on a schedule made
//   every credit of that schedule throw;
// - standard billing worked out the credit start of a charge billed above its value (a price lowered from the
//   charge start) before asking whether the credit was due.
// The bill run and the preview of the whole tenant threw with it. Now the first credits as any other schedule,
// and the second is credited from the charge start, the price change's effective date, at the next bill run
// (it waited for the day after the charge's end: never for a charge to 9999-12-31).
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { activateSavedOrder } from '../../../src/operations/contracts';
import { previewBillRun } from '../../../src/operations/preview';
import { expectOk } from '../../support/billing';
import {
  billAndPost,
  givenSchedule,
  givenSubscriptions,
  repriceFromStart,
  saveOrder,
} from '../../support/scenarios';

describe('credits next to a charge running to 9999-12-31', () => {
  it('a schedule with a zero-priced charge to 9999-12-31 credits a removed charge: CM 600.00 for C1, no line for the uncut C0', async () => {
    // S1/C1 1,200.00 over 2023; S2/C0 0.00 from 2023-01-01 to 9999-12-31 (billed every 100,000 months, so one
    // billing period covers its term, §4.2 rule 5). One item of 1,200.00 on 2023-02-01 bills C1 in full.
    const billing = await givenSubscriptions([
      {
        number: 'S1',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        charges: [{ number: 'C1', price: '1200.00' }],
      },
    ]);
    await saveOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-01',
      actions: [
        {
          type: 'CreateSubscription',
          subscriptionNumber: 'S2',
          termType: 'Termed',
          termStart: '2023-01-01',
          termEnd: '9999-12-31',
          ratePlans: [
            {
              id: 'rp-S2',
              name: 'Plan S2',
              charges: [
                {
                  number: 'C0',
                  name: 'Included',
                  type: 'Recurring',
                  price: '0.00',
                  listPriceBase: 'BillingPeriod',
                  billingPeriod: 'SpecificMonths',
                  specificBillingPeriodMonths: 100_000,
                },
              ],
            },
          ],
        },
      ],
    });
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    await givenSchedule(billing, {
      orders: ['O-0001', 'O-0002'],
      items: [{ runDate: '2023-02-01', amount: '1200.00' }],
    });
    await billAndPost(billing, ['2023-02-01']);
    // C1 removed as of 2023-07-01: it ends 2023-06-30, worth 600.00, billed 1,200.00.
    await saveOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-03-01',
      actions: [
        { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'rp-S1', effectiveDate: '2023-07-01' },
      ],
    });
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0003' }));

    const preview = expectOk(await previewBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect(preview.creditMemos.map((m) => m.amount.toFixed(2))).toEqual(['600.00']);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect([run.status, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([
      'Completed',
      [],
      ['CM00000001'],
    ]);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect(memo?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate])).toEqual([
      ['C1', '600.00', '2023-07-01', '2023-12-31'],
    ]);
  });

  it('standard billing: a charge to 9999-12-31 whose price drops to 0.00 after it was billed is credited 1,200.00 at the next bill run; a run to 9999-12-31 completes and credits nothing more', async () => {
    // S1/C1 1,200.00 a year from 2023-01-01 to 9999-12-31, billed for 2023 by standard billing; then its price
    // becomes 0.00 from its start. A charge billed above what its billed days are worth now, not cut, is
    // credited from its start (the change's effective date) at the next bill run.
    const billing = await givenSubscriptions([
      {
        number: 'S1',
        termStart: '2023-01-01',
        termEnd: '9999-12-31',
        charges: [{ number: 'C1', price: '1200.00' }],
      },
    ]);
    await billAndPost(billing, ['2023-01-01']);
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-03-01', price: '0.00' });

    const preview = expectOk(await previewBillRun(billing.context, { targetDate: '9999-12-31' }));
    expect([preview.invoices, preview.creditMemos.map((m) => m.amount.toFixed(2))]).toEqual([
      [],
      ['1200.00'],
    ]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-02' }));
    expect([run.status, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([
      'Completed',
      [],
      ['CM00000001'],
    ]);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect(memo?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate])).toEqual([
      ['C1', '1200.00', '2023-01-01', '2023-12-31'],
    ]);
    const far = expectOk(await runBillRun(billing.context, { targetDate: '9999-12-31' }));
    expect([far.status, far.invoiceNumbers, far.creditMemoNumbers]).toEqual(['Completed', [], []]);
    expect(billing.store.probe.snapshot().invoices.map((i) => i.amount)).toEqual(['1200.00']);
  });
});
