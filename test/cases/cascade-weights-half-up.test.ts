import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { expectOk, newBilling, setUpOrder } from '../support/billing';
import { givenSchedule, yearly } from '../support/scenarios';

// Decision 2 (§7.3): the cascade's weights P_j are each charge's value rounded on its own **half-up**; the
// tenant `rounding` applies where an amount becomes a line (decision 2, settings table), not to the weights.

const lines = (invoiceNumber: string, billing: ReturnType<typeof newBilling>) =>
  billing.store.probe.invoice(invoiceNumber)?.lines.map((l) => [l.chargeNumber, l.amount]);

describe('decision 2 — cascade weights are rounded half-up whatever the tenant rounding', () => {
  it('decision 2 (KWD, rounding down): C1 1.000/yr Jan–Aug (0.666…, weight 0.667) and C2 1.000/yr; a 1.000 item bills C1 0.400 / C2 0.600 (1.000 × 0.667 ÷ 1.667 = 0.40012), not 0.399 / 0.601 from floored weights', async () => {
    const billing = newBilling({ rounding: 'down' });
    await setUpOrder(billing, {
      currency: 'KWD',
      subscriptions: [
        yearly('S1', [
          { number: 'C1', price: '1.000', endDate: '2023-08-31' },
          { number: 'C2', price: '1.000' },
        ]),
      ],
    });
    // The billed totals keep the tenant rounding: 0.666 + 1.000 = 1.666 (the exact 1.666… rounded down).
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-01', amount: '1.000' },
        { runDate: '2023-02-01', amount: '0.666' },
      ],
    });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(lines('INV00000001', billing)).toEqual([
      ['C1', '0.400'],
      ['C2', '0.600'],
    ]);
    expect(lines('INV00000002', billing)).toEqual([
      ['C1', '0.266'],
      ['C2', '0.400'],
    ]);
  });
});
