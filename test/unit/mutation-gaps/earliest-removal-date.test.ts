import { describe, expect, it } from 'vitest';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectOk } from '../../support/billing';
import { givenActivatedOrder, givenSchedule, givenSubscriptions, yearly } from '../../support/scenarios';

// Mutant S14 (states.ts pullForwardToCuts): `isBefore(date, cut)` → `isAfter(date, cut)` (the latest cut wins).
// §8.4: "if the schedule still has pending items, the next pending item is processed on that date
// (nextRunDate moves there). Multiple changes → earliest effective date." Decision 19: whether or not a
// credit is due. Here neither removal credits anything (both fall after the billed-through date 2023-03-31).

describe('§8.4 / decision 19 — several removals before the next item: nextRunDate is the earliest effective date', () => {
  it('S1/C1 and S2/C2 1,200/yr, item 1 (600.00) billed through 03-31; one order removes S1 as of 05-01 and S2 as of 06-01 → nextRunDate 2023-05-01', async () => {
    const billing = await givenSubscriptions(
      [
        yearly('S1', [{ number: 'C1', price: '1200.00' }]),
        yearly('S2', [{ number: 'C2', price: '1200.00' }]),
      ],
      { now: '2023-01-01T12:00:00Z' },
    );
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-01', amount: '600.00' },
        { runDate: '2023-07-01', amount: '1000.00' },
        { runDate: '2023-10-01', amount: '800.00' },
      ],
    });
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    expect(
      billing.store.probe
        .invoice('INV00000001')
        ?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceEndDate]),
    ).toEqual([
      ['C1', '300.00', '2023-03-31'],
      ['C2', '300.00', '2023-03-31'],
    ]);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-04-15',
      actions: [
        { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'rp-S1', effectiveDate: '2023-05-01' },
        { type: 'RemoveProduct', subscriptionNumber: 'S2', ratePlanId: 'rp-S2', effectiveDate: '2023-06-01' },
      ],
    });
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.nextRunDate).toBe('2023-05-01');
  });
});
