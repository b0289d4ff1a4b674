// Decision 19, docs/guides/edit-pause-delete.md: "Detaching a cut charge takes that charge's date away, and leaves the
// dates of charges still attached". A charge still attached that merely ends the day before the removal's date by
// its own term (S5, 2023-01-01 → 09-30, no order touched it) kept S4's date (2023-10-01) standing after C4 was
// detached: item 2 (2023-10-15) was billed 14,000.00 dated 2023-10-01 (review 170). The schedule now records which
// charges made each cut (`RemovalCut.chargeKeys`); a date stands only while one of them is still cut on it.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import {
  attachInvoiceScheduleCharges,
  detachInvoiceScheduleCharges,
  updateInvoiceSchedule,
} from '../../../src/operations/lifecycle';
import { C01_SUBSCRIPTIONS, expectOk, type TestBilling } from '../../support/billing';
import {
  billAndPost,
  givenActivatedOrder,
  givenSchedule,
  givenSubscriptions,
  removeProducts,
} from '../../support/scenarios';

/** C01 + S5 (to `s5End`), items 2023-02-04 / 10-15 / 12-01, item 1 billed and posted, S4 removed as of 10-01. */
async function givenS4Removed(s5End = '2023-09-30', last = '7100.00') {
  const billing = await givenSubscriptions(
    [
      ...C01_SUBSCRIPTIONS,
      {
        number: 'S5',
        termStart: '2023-01-01',
        termEnd: s5End,
        charges: [{ number: 'C5', price: '1200.00' }],
      },
    ],
    { now: '2023-02-04T12:00:00Z' },
  );
  await givenSchedule(billing, {
    items: [
      { runDate: '2023-02-04', amount: '50000.00' },
      { runDate: '2023-10-15', amount: '14000.00' },
      { runDate: '2023-12-01', amount: last },
    ],
  });
  await billAndPost(billing, ['2023-02-04']);
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-02-10',
    actions: removeProducts(['S4'], '2023-10-01'),
  });
  return billing;
}

const detach = (billing: TestBilling, subscription: string, charge: string) =>
  detachInvoiceScheduleCharges(billing.context, {
    invoiceScheduleNumber: 'IS-00000001',
    specificSubscriptions: [{ subscriptionNumber: subscription, chargeNumbers: [charge] }],
  });

describe('a detach takes its charge’s removal date away, whatever other charges end by their term (review 170)', () => {
  it('S4 removed as of 2023-10-01, C4 detached: nextRunDate back to 2023-10-15, nothing billed on 2023-10-05', async () => {
    const billing = await givenS4Removed();
    const stored = billing.store.probe.invoiceSchedule('IS-00000001');
    expect([stored?.nextRunDate, stored?.removalCuts]).toEqual([
      '2023-10-01',
      [{ effectiveDates: ['2023-10-01'], itemId: stored?.items[1]?.id, chargeKeys: ['S4/C4'] }],
    ]);
    const detached = expectOk(await detach(billing, 'S4', 'C4'));
    expect(detached.nextRunDate).toBe('2023-10-15');
    // The run bills no item (standard billing invoices what the detached C4 has left, §5.4).
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-05' }));
    expect(run.itemsProcessed).toBe(0);
    expect(billing.store.probe.invoiceSchedule('IS-00000001')?.items[1]?.status).toBe('Pending');
  });

  it('an order activated while C4 is detached keeps C4’s date recorded: attached back, it stands again (review 176)', async () => {
    const billing = await givenS4Removed('2023-12-31', '7400.00');
    expectOk(await detach(billing, 'S4', 'C4'));
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-02-11',
      actions: removeProducts(['S5'], '2023-09-15'),
    });
    expect(
      expectOk(
        await attachInvoiceScheduleCharges(billing.context, {
          invoiceScheduleNumber: 'IS-00000001',
          specificSubscriptions: [{ subscriptionNumber: 'S4', chargeNumbers: ['C4'] }],
        }),
      ).nextRunDate,
    ).toBe('2023-09-15');
    expect(expectOk(await detach(billing, 'S5', 'C5')).nextRunDate).toBe('2023-10-01');
  });

  it('a date the user set equal to the detached C4’s recorded date survives the detach of another charge (review 177)', async () => {
    const billing = await givenS4Removed('2023-12-31', '7400.00');
    expect(expectOk(await detach(billing, 'S4', 'C4')).nextRunDate).toBe('2023-10-15');
    const set = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-10-01',
      }),
    );
    expect(set.nextRunDate).toBe('2023-10-01');
    expect(expectOk(await detach(billing, 'S1', 'C1')).nextRunDate).toBe('2023-10-01');
  });
});
