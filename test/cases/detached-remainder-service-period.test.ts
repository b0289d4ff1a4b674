import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { detachInvoiceScheduleCharges } from '../../src/operations/lifecycle';
import { expectOk, type TestBilling } from '../support/billing';
import {
  billAndPost,
  givenActivatedOrder,
  givenC01Schedule,
  givenS1Order,
  givenSchedule,
  removeProducts,
} from '../support/scenarios';

// §7.5, decision 3, §5.4: once a charge billed partly by a schedule is detached, standard billing bills what is
// left of it — from where the schedule's billing stopped, as the schedule's next line would have started: the
// same day when that day was only partly consumed (C01: 09/17 → 09/17; C23: "$20 item 2023-04-18 to
// 2023-04-18"), not over the whole billing period again.

/** The lines of `chargeNumber` on these invoices, as [charge, amount, service start, service end]. */
function linesBilling(billing: TestBilling, invoiceNumbers: readonly string[], chargeNumber: string) {
  return invoiceNumbers.flatMap((n) =>
    (billing.store.probe.invoice(n)?.lines ?? [])
      .filter((l) => l.chargeNumber === chargeNumber)
      .map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate]),
  );
}

const detach = (billing: TestBilling, subscriptionNumber: string, chargeNumber: string) =>
  detachInvoiceScheduleCharges(billing.context, {
    invoiceScheduleNumber: 'IS-00000001',
    specificSubscriptions: [{ subscriptionNumber, chargeNumbers: [chargeNumber] }],
  });

describe('a detached charge’s remainder under standard billing starts where the schedule stopped (§7.5)', () => {
  it('C01 after item 1 (C4 569.80 of 800.00, 2023-01-01 → 2023-09-17), C4 detached: the run of 2023-05-01 bills C4 230.20 for 2023-09-17 → 2023-12-31', async () => {
    const { billing } = await givenC01Schedule();
    await billAndPost(billing, ['2023-02-04']);
    expect(linesBilling(billing, ['INV00000001'], 'C4')).toEqual([
      ['C4', '569.80', '2023-01-01', '2023-09-17'],
    ]);
    expectOk(await detach(billing, 'S4', 'C4'));
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-05-01' }));
    expect(linesBilling(billing, run.invoiceNumbers, 'C4')).toEqual([
      ['C4', '230.20', '2023-09-17', '2023-12-31'],
    ]);
  });

  it('C23 figures: 3,580.00 of a 12,000.00/yr charge billed through 2023-04-18 (0.6 of it unbilled), removed as of 2023-04-19 and detached: standard billing bills 20.00 for 2023-04-18 → 2023-04-18', async () => {
    const billing = await givenS1Order();
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-02-01', amount: '3580.00' },
        { runDate: '2023-06-01', amount: '8420.00' },
      ],
    });
    await billAndPost(billing, ['2023-02-01']);
    expect(linesBilling(billing, ['INV00000001'], 'C1')).toEqual([
      ['C1', '3580.00', '2023-01-01', '2023-04-18'],
    ]);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-04-01',
      actions: removeProducts(['S1'], '2023-04-19'),
    });
    expectOk(await detach(billing, 'S1', 'C1'));
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-04-19' }));
    expect(linesBilling(billing, run.invoiceNumbers, 'C1')).toEqual([
      ['C1', '20.00', '2023-04-18', '2023-04-18'],
    ]);
  });
});
