import { describe, expect, it } from 'vitest';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { expectErr } from '../../support/billing';
import { givenSubscriptions, yearly } from '../../support/scenarios';

// §4.2 rule 8: Σ amount = totalAmount; §4.3 / §7.6: the last percentage item takes only the *rounding* remainder.
// A mixed schedule (amount 6,000.00 + 40 % of 12,000 = 4,800.00 → 10,800.00) does not make the total and must
// be refused (ScheduleTotalMismatch), not silently turned into 6,000 + 6,000 with "40 %" on the second item.
// Mutant create.ts resolveItemAmounts `const covered = allPercentages || …eq(total)` → `true || …` survives the suite.
describe('review-56: mixed amount/percentage items that miss the total are refused (§4.2 rule 8)', () => {
  it('12,000 total; items 6,000.00 and 40 % → ScheduleTotalMismatch', async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '12000.00' }])]);
    const error = expectErr(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [
          { runDate: '2023-01-01', amount: '6000.00' },
          { runDate: '2023-06-01', percentage: '40' },
        ],
      }),
    );
    expect(error).toMatchObject({
      type: 'ScheduleTotalMismatch',
      totalAmount: '12000.00',
      itemsSum: '10800.00',
    });
  });
});
