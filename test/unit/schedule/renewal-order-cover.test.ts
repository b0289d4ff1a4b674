import { describe, expect, it } from 'vitest';
import { chargesIntroducedBy } from '../../../src/domain/schedule/cover';
import { buildCharge, buildOrder, buildSubscription } from '../../../src/testing/builders';
import { expectOk, type TestBilling } from '../../support/billing';
import { createSchedule, givenActivatedOrder, givenSubscriptions, yearly } from '../../support/scenarios';

// A schedule created on a Renew order covers the renewal segments THAT order created (§2.1: a schedule covers
// its orders' charges; §8.7 / C15: "create a new schedule on the renewal order"), not the newest segments the
// subscription has by the time the schedule is created (found in review).

const renew = (number: string, orderDate: string, times = 1) => ({
  number,
  orderDate,
  actions: Array.from({ length: times }, () => ({
    type: 'Renew',
    subscriptionNumber: 'S1',
    renewalTermMonths: 12,
  })),
});

function segments(billing: TestBilling): readonly (readonly (string | undefined)[])[] {
  const sub = billing.store.probe.subscription('S1');
  return (sub?.ratePlans ?? []).flatMap((rp) =>
    rp.charges.map((c) => [c.number, c.startDate, c.endDate, c.renewalOrder]),
  );
}

async function coveredBy(billing: TestBilling, orderNumber: string, amount: string) {
  const schedule = expectOk(
    await createSchedule(billing, { orders: [orderNumber], items: [{ runDate: '2024-01-05', amount }] }),
  );
  return [schedule.charges.map((c) => c.chargeNumber), schedule.totalAmount.toFixed(2)];
}

describe('a schedule on a Renew order covers the segments that order created (§8.7, C15)', () => {
  it('S1/C1 1,200.00 for 2023 renewed by O-0002 (C1-R1, 2024) and again by O-0003 (C1-R2, 2025): a schedule on O-0002 covers C1-R1 for 1,200.00, one on O-0003 covers C1-R2', async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])]);
    await givenActivatedOrder(billing, renew('O-0002', '2023-10-01'));
    await givenActivatedOrder(billing, renew('O-0003', '2023-11-01'));
    expect(segments(billing)).toEqual([
      ['C1', '2023-01-01', '2023-12-31', undefined],
      ['C1-R1', '2024-01-01', '2024-12-31', 'O-0002'],
      ['C1-R2', '2025-01-01', '2025-12-31', 'O-0003'],
    ]);
    expect(await coveredBy(billing, 'O-0002', '1200.00')).toEqual([['C1-R1'], '1200.00']);
    expect(await coveredBy(billing, 'O-0003', '1200.00')).toEqual([['C1-R2'], '1200.00']);
  });

  it('a product added between the renewals (C2 600.00 for 2024, O-0003) is renewed by O-0004 alone: O-0002 covers C1-R1 (1,200.00), O-0004 covers C1-R2 and C2-R1 (1,800.00)', async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])]);
    await givenActivatedOrder(billing, renew('O-0002', '2023-10-01'));
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-10-15',
      actions: [
        {
          type: 'AddProduct',
          subscriptionNumber: 'S1',
          ratePlan: {
            id: 'rp-S1-2',
            name: 'Plan S1 (2)',
            charges: [
              {
                number: 'C2',
                name: 'C2',
                type: 'Recurring',
                price: '600.00',
                listPriceBase: 'Year',
                billingPeriod: 'Annual',
                startDate: '2024-01-01',
                endDate: '2024-12-31',
              },
            ],
          },
        },
      ],
    });
    await givenActivatedOrder(billing, renew('O-0004', '2023-11-01'));
    expect(segments(billing).map((c) => [c[0], c[3]])).toEqual([
      ['C1', undefined],
      ['C1-R1', 'O-0002'],
      ['C1-R2', 'O-0004'],
      ['C2', undefined],
      ['C2-R1', 'O-0004'],
    ]);
    expect(await coveredBy(billing, 'O-0002', '1200.00')).toEqual([['C1-R1'], '1200.00']);
    expect(await coveredBy(billing, 'O-0004', '1800.00')).toEqual([['C1-R2', 'C2-R1'], '1800.00']);
  });

  it('an order renewing twice (C1-R1 for 2024, C1-R2 for 2025) covers both segments: 2,400.00', async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])]);
    await givenActivatedOrder(billing, renew('O-0002', '2023-10-01', 2));
    expect(await coveredBy(billing, 'O-0002', '2400.00')).toEqual([['C1-R1', 'C1-R2'], '2400.00']);
  });
});

describe('chargesIntroducedBy on segments stored before 0.2.0 (no renewalOrder)', () => {
  const seg = (number: string, startDate: string, renewalOrder?: string) =>
    buildCharge({
      number,
      startDate,
      endDate: `${startDate.slice(0, 4)}-12-31`,
      ...(renewalOrder === undefined ? {} : { renewalOrder }),
    });
  const sub = (charges: readonly ReturnType<typeof buildCharge>[]) =>
    buildSubscription({ number: 'S1', ratePlans: [{ id: 'rp-S1', name: 'Plan S1', charges }] });
  const renewOrder = (number: string) =>
    buildOrder({ number, actions: [{ type: 'Renew', subscriptionNumber: 'S1', renewalTermMonths: 12 }] });

  it('a Renew order with no marked segment covers the newest unmarked segment per charge, as before: C1-R2', () => {
    const s = sub([seg('C1', '2023-01-01'), seg('C1-R1', '2024-01-01'), seg('C1-R2', '2025-01-01')]);
    expect(chargesIntroducedBy(renewOrder('O-0002'), s)).toEqual(['C1-R2']);
  });

  it('an old segment C1-R1 beside C1-R2 of O-0003 (marked): O-0002 covers C1-R1, O-0003 covers C1-R2', () => {
    const s = sub([
      seg('C1', '2023-01-01'),
      seg('C1-R1', '2024-01-01'),
      seg('C1-R2', '2025-01-01', 'O-0003'),
    ]);
    expect(chargesIntroducedBy(renewOrder('O-0002'), s)).toEqual(['C1-R1']);
    expect(chargesIntroducedBy(renewOrder('O-0003'), s)).toEqual(['C1-R2']);
  });
});
