import { describe, expect, it } from 'vitest';
import { expectOk, type TestBilling } from '../support/billing';
import {
  C25_BASE_SUBSCRIPTION,
  createSchedule,
  givenC25Subscription,
  type ScheduleInput,
} from '../support/scenarios';

// C25 — percentage-based schedules for professional services (milestones). Oracle of the case:
// 66,000 → 33,000 + 33,000; 27,000 → 5,400 + 8,100 + 13,500 (the REST sample for C-00000003 and the
// UI table for IS-0000002 are doc issues). Term 2024-01-01 → 2024-12-31, as in C26 use case 2.

/** Account A00000861, order O-00000001 creating S-00000001 with one plan per charge. */
function setUp(): Promise<TestBilling> {
  const plan = (id: string, charge: Record<string, unknown>) => ({ id, name: id, charges: [charge] });
  return givenC25Subscription([
    plan('rp-base', C25_BASE_SUBSCRIPTION),
    plan('rp-license', {
      number: 'C-00000002',
      name: 'Software User License',
      type: 'Recurring',
      price: '20000.00',
      listPriceBase: 'Year',
      billingPeriod: 'Annual',
    }),
    plan('rp-integration', {
      number: 'C-00000003',
      name: 'Software A Integration',
      type: 'OneTime',
      price: '66000.00',
    }),
    plan('rp-implementation', {
      number: 'C-00000004',
      name: 'Software B Implementation',
      type: 'OneTime',
      price: '27000.00',
    }),
  ]);
}

/** A schedule of A00000861 on O-00000001. */
const create = (billing: TestBilling, input: ScheduleInput) =>
  createSchedule(billing, { accountNumber: 'A00000861', orders: ['O-00000001'], ...input });

const only = (chargeNumber: string) => [
  { orderNumber: 'O-00000001', subscriptionNumber: 'S-00000001', chargeNumbers: [chargeNumber] },
];

describe('C25 — percentage-based schedules for professional services', () => {
  it('C25: IS on C-00000003 only (66,000, plan 50/0/50) → two 50% items 33,000.00 / 33,000.00', async () => {
    const billing = await setUp();
    const schedule = expectOk(
      await create(billing, {
        specificSubscriptions: only('C-00000003'),
        // The 0% milestone cannot be an item: HTD 50%, GLD 50%, no run dates.
        items: [
          { name: 'HTD', percentage: '50' },
          { name: 'GLD', percentage: '50' },
        ],
      }),
    );
    expect(schedule.charges.map((c) => c.chargeNumber)).toEqual(['C-00000003']);
    expect(schedule.totalAmount.toFixed(2)).toBe('66000.00');
    expect(schedule.items.map((i) => [i.name, i.amount.toFixed(2), i.percentage?.toFixed()])).toEqual([
      ['HTD', '33000.00', '50'],
      ['GLD', '33000.00', '50'],
    ]);
  });

  it('C25: IS on C-00000004 only → totalAmount 27,000; items 5,400 / 8,100 / 13,500 at 20 / 30 / 50 %; Pending; nextRunDate null; invoiceSeparately true', async () => {
    const billing = await setUp();
    expectOk(
      await create(billing, {
        specificSubscriptions: only('C-00000003'),
        items: [{ percentage: '50' }, { percentage: '50' }],
      }),
    );
    const schedule = expectOk(
      await create(billing, {
        specificSubscriptions: only('C-00000004'),
        items: [
          { name: 'HTD', percentage: '20' },
          { name: 'RFU', percentage: '30' },
          { name: 'GLD', percentage: '50' },
        ],
      }),
    );
    expect(schedule.number).toBe('IS-00000002');
    expect(schedule.charges.map((c) => c.chargeNumber)).toEqual(['C-00000004']);
    expect(schedule.totalAmount.toFixed(2)).toBe('27000.00');
    expect(schedule.actualAmount.toFixed(2)).toBe('27000.00');
    expect(schedule.status).toBe('Pending');
    expect(schedule.nextRunDate).toBeNull();
    expect(schedule.invoiceSeparately).toBe(true);
    expect(
      schedule.items.map((i) => [
        i.name,
        i.amount.toFixed(2),
        i.actualAmount.toFixed(2),
        i.percentage?.toFixed(),
        i.runDate,
        i.status,
      ]),
    ).toEqual([
      ['HTD', '5400.00', '5400.00', '20', null, 'Pending'],
      ['RFU', '8100.00', '8100.00', '30', null, 'Pending'],
      ['GLD', '13500.00', '13500.00', '50', null, 'Pending'],
    ]);
  });

  it('C25: without specificSubscriptions the order covers all four charges (14,000 + 20,000 + 66,000 + 27,000 = 127,000)', async () => {
    const billing = await setUp();
    const schedule = expectOk(
      await create(billing, {
        items: [{ percentage: '100' }],
      }),
    );
    expect(schedule.charges.map((c) => c.chargeNumber)).toEqual([
      'C-00000001',
      'C-00000002',
      'C-00000003',
      'C-00000004',
    ]);
    expect(schedule.totalAmount.toFixed(2)).toBe('127000.00');
  });
});
