// Mutant K06 (src/domain/billing/consolidation.ts, negatedLines): a discount line netted into a credit memo
// keeps its own charge number instead of the charge it discounts
// (`l.kind === 'Discount' ? (l.appliesToChargeNumber ?? l.chargeNumber) : l.chargeNumber` → `l.chargeNumber`).
// Billing history is per charge (decision 17), net of discounts (decision 6 / standard.ts billedByCharge);
// the code's own comment: "A discount line counts against the charge it applies to (Σ billed per charge
// stays net)". Set-up: C35 Ex.4 (test/cases/consolidation-net-negative.test.ts: items −400 and +100 on
// 2023-06-01 net to one memo) plus S9, standard-billed, C9 200.00/yr from 2023-06-01 under a 10 % discount
// D9 (C26 style): its invoice lines C9 200.00 / D9 −20.00 join the merge and are netted into CM00000001.
// C9 is then billed its value, 180.00, and nothing is left to bill or credit on it. Under the mutant C9
// reads as billed 200.00 (the −20.00 counts under D9) and the next run credits it 20.00.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { expectOk } from '../../support/billing';
import { givenC35Ex4, givenS9 } from '../../support/scenarios';

describe('a discount line netted into a credit memo counts against its charge (mutant K06)', () => {
  it('C35 Ex.4 with S9 (C9 200.00 − 10 %) netted into CM00000001 120.00 (300.00 − 180.00): the run of 2023-07-01 issues nothing', async () => {
    const billing = await givenC35Ex4('100.00');
    await givenS9(billing, '200.00', '2023-05-20', '10');
    const june = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    expect([june.invoiceNumbers, june.creditMemoNumbers]).toEqual([[], ['CM00000001']]);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect(memo?.lines.map((l) => [l.chargeNumber, l.amount, l.creditedInvoiceNumber])).toEqual([
      ['C1', '400.00', 'INV00000001'],
      ['C2', '-100.00', null],
      ['C9', '-200.00', null],
      ['C9', '20.00', null],
    ]);
    expect(memo?.amount).toBe('120.00');
    // C9 is billed its value (180.00): the next run neither bills nor credits it.
    const july = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect([july.invoiceNumbers, july.creditMemoNumbers]).toEqual([[], []]);
  });
});
