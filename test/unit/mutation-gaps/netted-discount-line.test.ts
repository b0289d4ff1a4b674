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
import { expectOk, type TestBilling } from '../../support/billing';
import { givenC35Ex4, givenS9, repriceFromStart } from '../../support/scenarios';

/**
 * C35 Ex.4 with S9 (C9 200.00/yr − 10 % from 2023-06-01): the run of 2023-06-01 nets C9's lines into CM00000001,
 * 120.00 (300.00 − 180.00).
 */
async function nettedS9(): Promise<TestBilling> {
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
  return billing;
}

describe('a discount line netted into a credit memo counts against its charge (mutant K06)', () => {
  it('C35 Ex.4 with S9 (C9 200.00 − 10 %) netted into CM00000001 120.00 (300.00 − 180.00): the run of 2023-07-01 issues nothing', async () => {
    const billing = await nettedS9();
    // C9 is billed its value (180.00): the next run neither bills nor credits it.
    const july = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect([july.invoiceNumbers, july.creditMemoNumbers]).toEqual([[], []]);
  });
});

// Mutant S03 (src/domain/billing/standard.ts, billedSpansByCharge): `bills: !('creditedInvoiceNumber' in line) ||
// line.creditedInvoiceNumber === null` → `bills: !('creditedInvoiceNumber' in line)`: a standard invoice line
// netted into a credit memo (net negative merge, §7.8 / C35 Ex.4, decision 11) no longer counts as billing
// its service period. The code's rule (billedSpansByCharge: "An invoice line bills its dates, and so does one
// netted into a memo (no invoice credited, §7.8, decision 11)"; planStandardBilling: a price lowered from the
// charge start, §8.5, is "credited at the first bill run whose target date reaches the charge start").
// Set-up: nettedS9 above, S9/C9 200.00/yr − 10 % from 2023-06-01 netted into CM00000001.
// Then C9's price is lowered to 100.00 from its start: the 2023-07-01 run credits 90.00 (180.00 billed, worth
// 90.00 now) for 2023-06-01..2024-05-31. Under the mutant the netted line bills no day, so no repricing is
// seen and the 90.00 is held back to the day after the charge ends (2024-06-01).
describe('a standard line netted into a credit memo bills its service period (mutant S03)', () => {
  it('C35 Ex.4 with S9 (C9 200.00 − 10 %) netted into CM00000001 120.00 (300.00 − 180.00), then C9 lowered to 100.00 from its start: the run of 2023-07-01 credits 90.00', async () => {
    const billing = await nettedS9();
    // C9 is billed its value (180.00) by the netted lines; its price is then lowered from its start (§8.5).
    await repriceFromStart(billing, {
      number: 'O-0010',
      orderDate: '2023-06-10',
      price: '100.00',
      subscriptionNumber: 'S9',
      chargeNumber: 'C9',
      effectiveDate: '2023-06-01',
    });
    const july = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect([july.invoiceNumbers, july.creditMemoNumbers]).toEqual([[], ['CM00000002']]);
    const credit = billing.store.probe.creditMemo('CM00000002');
    expect([credit?.memoDate, credit?.amount]).toEqual(['2023-07-01', '90.00']);
    expect(
      credit?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate]),
    ).toEqual([['C9', '90.00', '2023-06-01', '2024-05-31']]);
  });
});
