import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import type { CreditMemoRecord } from '../../../src/ports/records';
import { expectOk } from '../../support/billing';
import { givenMonthlyS1, repriceFromStart } from '../../support/scenarios';

// Mutant C14 (credit.ts creditedTails): `!isAfter(l.serviceStartDate, line.serviceStartDate)` →
// `isBefore(...)`, so a memo line that credited a line from its own start (a repricing's) counts as a cut tail.
// creditMemoLines' `lineValue` doc (§8.5): a credit of a charge repriced from its start takes first what each
// line billed above its period's worth, latest first — each billed period gives back its own difference. A
// second lowering must do so again: 1,200/yr billed 100.00 a month, lowered to 600/yr (50.00 back from each
// month), then to 300/yr → 25.00 back from each month, not 50.00 from the two latest months.

const memoLines = (memo: CreditMemoRecord | null) =>
  memo?.lines.map((l) => `${l.chargeNumber} ${l.amount} ${l.serviceStartDate}..${l.serviceEndDate}`);

describe('§8.5 standard billing — a second price lowering from the start credits each billed month its own difference', () => {
  it('1,200 → 600 → 300 a year after January–March were billed: CM1 3 × 50.00, CM2 3 × 25.00', async () => {
    const billing = await givenMonthlyS1();
    for (const targetDate of ['2023-01-01', '2023-02-01', '2023-03-01'])
      expectOk(await runBillRun(billing.context, { targetDate }));
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-03-15', price: '600.00' });
    const first = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-20' }));
    expect(first.creditMemoNumbers).toEqual(['CM00000001']);
    expect(memoLines(billing.store.probe.creditMemo('CM00000001'))).toEqual([
      'C1 50.00 2023-03-01..2023-03-31',
      'C1 50.00 2023-02-01..2023-02-28',
      'C1 50.00 2023-01-01..2023-01-31',
    ]);
    await repriceFromStart(billing, { number: 'O-0003', orderDate: '2023-03-22', price: '300.00' });
    const second = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-25' }));
    expect(second.creditMemoNumbers).toEqual(['CM00000002']);
    expect(memoLines(billing.store.probe.creditMemo('CM00000002'))).toEqual([
      'C1 25.00 2023-03-01..2023-03-31',
      'C1 25.00 2023-02-01..2023-02-28',
      'C1 25.00 2023-01-01..2023-01-31',
    ]);
  });
});
