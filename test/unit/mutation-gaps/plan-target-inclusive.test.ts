// Mutant P02 (src/domain/billing/plan.ts, planBillRun): `!isOnOrBefore(item.runDate, targetDate)` →
// `!isBefore(item.runDate, targetDate)`. Decision 7: "A bill run with target date T picks items whose run date
// is on or before T (inclusive)". A bill run still bills the item under the mutant (the schedule's nextRunDate
// entry and the run's catch-up pick it up), so no case test notices; but planBillRun — the public pure planner
// (@since 0.1.0) — no longer lists an item due on the target date after an earlier due one. The oracle
// property test in test/unit/billing/plan.test.ts only catches it when its random target date happens to
// equal a run date.
import { describe, expect, it } from 'vitest';
import { planBillRun } from '../../../src/domain/billing/plan';
import { parseBusinessDate } from '../../../src/time/date';
import { givenS1Order, givenSchedule } from '../../support/scenarios';

const d = (text: string) => parseBusinessDate(text)._unsafeUnwrap();

describe('planBillRun: the target date is inclusive (decision 7, mutant P02)', () => {
  it('items 2023-03-01 and 2023-06-01 of S1/C1 12,000.00, target 2023-06-01: both planned, oldest first', async () => {
    const billing = await givenS1Order();
    const schedule = await givenSchedule(billing, {
      items: [
        { runDate: '2023-03-01', amount: '6000.00' },
        { runDate: '2023-06-01', amount: '6000.00' },
      ],
    });
    const plan = planBillRun([schedule], d('2023-06-01'));
    expect(plan.accounts.map((a) => [a.accountNumber, a.items.map((i) => [i.itemId, i.runDate])])).toEqual([
      [
        'A-001',
        [
          [schedule.items[0]?.id, '2023-03-01'],
          [schedule.items[1]?.id, '2023-06-01'],
        ],
      ],
    ]);
  });
});
