import { describe, expect, it } from 'vitest';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { expectOk } from '../../support/billing';
import { givenSubscriptions, yearly } from '../../support/scenarios';

// §7.6: "item amount = percentage × totalAmount, rounded by currency settings"; decisions.md settings table:
// `rounding` (default half-up) is the tenant's rounding mode. No test creates percentage items under a
// non-default rounding: mutant create.ts resolveItemAmounts `roundToCurrency(share(i), currency, settings.rounding)`
// → `'halfUp'` survives the suite.
describe('review-56: percentage shares are rounded with the tenant rounding mode (§7.6)', () => {
  it('rounding down: 12.345 % of 100.00 → 12.34 (not 12.35); the last item takes 87.66', async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '100.00' }])], {
      settings: { rounding: 'down' },
    });
    const created = expectOk(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [
          { runDate: '2023-01-01', percentage: '12.345' },
          { runDate: '2023-06-01', percentage: '87.655' },
        ],
      }),
    );
    expect(created.items.map((i) => i.amount.toFixed(2))).toEqual(['12.34', '87.66']);
  });
});
