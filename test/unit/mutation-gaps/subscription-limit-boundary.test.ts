import { describe, expect, it } from 'vitest';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { expectOk } from '../../support/billing';
import { givenSubscriptions, yearly } from '../../support/scenarios';

// §9 / reference line 215: "300 subscriptions in total" via the API. The suite tests 301 (refused) only;
// exactly 300 must be accepted (mutant cover.ts: `subscriptionCount > limit` → `>=` survives the suite).
describe('review-56: subscription limit boundary (§9)', () => {
  it('orders covering exactly 300 subscriptions are accepted', async () => {
    const billing = await givenSubscriptions(
      Array.from({ length: 300 }, (_, i) => yearly(`S${i}`, [{ number: `C${i}`, price: '12.00' }])),
    );
    const created = expectOk(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [{ runDate: '2023-01-01', amount: '3600.00' }],
      }),
    );
    expect(created.charges).toHaveLength(300);
    expect(created.totalAmount.toFixed(2)).toBe('3600.00');
  });
});
