// §8.9 "Supported order actions by schedule status" as enforced by checkOrderAgainstSchedules: each refused row,
// each allowed row, in every schedule status (C16 owner transfer; C21/C30 early renewal).
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { chargeValue } from '../../../src/domain/contract/charge-value';
import { findCharge, type Subscription } from '../../../src/domain/contract/subscription';
import { activateOrder, createOrder, type Order } from '../../../src/domain/order/order';
import {
  type ChargeValueOf,
  checkOrderAgainstSchedules,
  type ScheduleForRules,
  type ScheduleStatusForRules,
} from '../../../src/domain/order/rules';
import { Dec } from '../../../src/money/decimal';
import { ACCOUNT, annualCharge, createSubscription, oneTimeCharge, orderInput } from './fixtures';

// C16: S1/C1 1,200/yr and S2/C2 1,300/yr over 2022-01-01 → 2023-12-31 (worth 2,400 and 2,600); S3/C3 outside
// any schedule.
const SUBS: ReadonlyMap<string, Subscription> = new Map(
  activateOrder(
    createOrder(
      orderInput([
        createSubscription('S1', [annualCharge('C1', '1200.00')], '2022-01-01', '2023-12-31'),
        createSubscription(
          'S2',
          [annualCharge('C2', '1300.00'), oneTimeCharge('C2b', '100.00')],
          '2022-01-01',
          '2023-12-31',
        ),
        createSubscription('S3', [annualCharge('C3', '500.00')], '2022-01-01', '2023-12-31'),
      ]),
      ACCOUNT,
    )._unsafeUnwrap(),
    [],
  )
    ._unsafeUnwrap()
    .subscriptions.map((s) => [s.number, s]),
);

const values: ChargeValueOf = (sub, chargeNumber) => {
  const found = findCharge(sub, chargeNumber)!;
  return chargeValue(found.charge, found.ratePlan, sub.currency);
};

const ALL_STATUSES: readonly ScheduleStatusForRules[] = [
  'Pending',
  'PartiallyProcessed',
  'FullyProcessed',
  'Paused',
];

function schedule(
  status: ScheduleStatusForRules,
  options: {
    billed?: readonly [string, string, string];
    detached?: readonly string[];
    before?: ScheduleForRules['statusBeforePause'];
  } = {},
): ScheduleForRules {
  const billed = options.billed ?? ['0', '0', '0'];
  const charge = (subscriptionNumber: string, chargeNumber: string, amount: string) => ({
    subscriptionNumber,
    chargeNumber,
    billedAmount: new Dec(amount) as Decimal,
    detached: options.detached?.includes(chargeNumber) ?? false,
  });
  return {
    number: 'IS-00000001',
    status,
    statusBeforePause: status === 'Paused' ? (options.before ?? 'PartiallyProcessed') : null,
    charges: [charge('S1', 'C1', billed[0]), charge('S2', 'C2', billed[1]), charge('S2', 'C2b', billed[2])],
  };
}

const order = (actions: readonly unknown[]): Order =>
  createOrder(
    orderInput(actions, { number: 'O-00000002', orderDate: '2022-06-01' }),
    ACCOUNT,
  )._unsafeUnwrap();

const check = (actions: readonly unknown[], schedules: readonly ScheduleForRules[]) =>
  checkOrderAgainstSchedules(order(actions), SUBS, schedules, values);

const update = (chargeNumber = 'C1', subscriptionNumber = 'S1') => ({
  type: 'UpdateProduct',
  subscriptionNumber,
  chargeNumber,
  effectiveDate: '2022-01-01',
  price: '1500.00',
});

describe('Update product from the charge start: Pending yes, Partially / Fully Processed no', () => {
  it('is allowed while the schedule is Pending (also Paused from Pending)', () => {
    expect(check([update()], [schedule('Pending')]).isOk()).toBe(true);
    expect(check([update()], [schedule('Paused', { before: 'Pending' })]).isOk()).toBe(true);
  });

  it.each([
    ['PartiallyProcessed', schedule('PartiallyProcessed')],
    ['FullyProcessed', schedule('FullyProcessed')],
    ['Paused (from PartiallyProcessed)', schedule('Paused', { before: 'PartiallyProcessed' })],
  ])('is refused when the schedule is %s (OrderActionNotSupported)', (_name, s) => {
    const error = check([update()], [s])._unsafeUnwrapErr();
    expect(error).toEqual({
      type: 'OrderActionNotSupported',
      message: expect.stringContaining('only while the schedule is Pending'),
      orderNumber: 'O-00000002',
      actionIndex: 0,
      action: 'UpdateProduct',
      invoiceScheduleNumber: 'IS-00000001',
      scheduleStatus: s.status,
      reason: 'UpdateProductScheduleNotPending',
    });
    expect(Object.isFrozen(error)).toBe(true);
  });

  it('names the refused action by its index', () => {
    const error = check(
      [{ type: 'OwnerTransfer', subscriptionNumber: 'S3', newOwnerAccountNumber: 'A2' }, update('C2', 'S2')],
      [schedule('FullyProcessed')],
    )._unsafeUnwrapErr();
    expect(error.actionIndex).toBe(1);
  });

  it('leaves an update from mid-charge to activation, which refuses it whatever the schedules (review 140)', () => {
    // UpdateProductNotFromChargeStart says what to fix; "reverse the processed items' invoices" would not.
    const mid = { ...update(), effectiveDate: '2022-06-01' };
    expect(check([mid], [schedule('PartiallyProcessed')]).isOk()).toBe(true);
    expect(check([mid], [schedule('Paused', { before: 'FullyProcessed' })]).isOk()).toBe(true);
  });

  it('ignores charges outside the schedule and detached charges', () => {
    expect(check([update('C3', 'S3')], [schedule('PartiallyProcessed')]).isOk()).toBe(true);
    expect(check([update()], [schedule('PartiallyProcessed', { detached: ['C1'] })]).isOk()).toBe(true);
  });
});

describe('Terms And Conditions: extending recurring charges no; without extending yes (every status)', () => {
  it.each(ALL_STATUSES)(
    'a later term end that extends a scheduled recurring charge is refused (%s)',
    (status) => {
      const error = check(
        [{ type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd: '2024-06-30' }],
        [schedule(status)],
      )._unsafeUnwrapErr();
      expect(error).toMatchObject({
        reason: 'TermsExtendScheduledRecurringCharge',
        action: 'TermsAndConditions',
      });
      expect(error.message).toContain('C1');
    },
  );

  it.each(ALL_STATUSES)('a shorter term end (term reduction) is allowed (%s)', (status) => {
    expect(
      check(
        [{ type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd: '2023-06-30' }],
        [schedule(status)],
      ).isOk(),
    ).toBe(true);
  });

  it('extending a subscription whose charges are not in a schedule is allowed', () => {
    expect(
      check(
        [{ type: 'TermsAndConditions', subscriptionNumber: 'S3', termEnd: '2024-06-30' }],
        [schedule('Pending')],
      ).isOk(),
    ).toBe(true);
  });

  it('only a recurring charge counts: S2 extended refuses for C2, not for the one-time C2b', () => {
    const error = check(
      [{ type: 'TermsAndConditions', subscriptionNumber: 'S2', termEnd: '2024-06-30' }],
      [schedule('Pending', { detached: [] })],
    )._unsafeUnwrapErr();
    expect(error.message).toContain('C2 ');
    expect(
      check(
        [{ type: 'TermsAndConditions', subscriptionNumber: 'S2', termEnd: '2024-06-30' }],
        [schedule('PartiallyProcessed', { detached: ['C2'] })],
      ).isOk(),
    ).toBe(true);
  });

  it.each(ALL_STATUSES)(
    'early renewal (Remove + T&C new term start + Add, C21/C30) is allowed (%s)',
    (status) => {
      const earlyRenewal = [
        { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'RP-S1', effectiveDate: '2023-01-01' },
        {
          type: 'TermsAndConditions',
          subscriptionNumber: 'S1',
          termStart: '2023-01-01',
          termEnd: '2023-12-31',
        },
        {
          type: 'AddProduct',
          subscriptionNumber: 'S1',
          ratePlan: {
            id: 'RP-S1-2023',
            name: 'Renewal',
            charges: [annualCharge('C1-2023', '1300.00', { startDate: '2023-01-01', endDate: '2023-12-31' })],
          },
        },
      ];
      expect(check(earlyRenewal, [schedule(status)]).isOk()).toBe(true);
    },
  );
});

describe('Suspend / Resume: no (every status)', () => {
  it.each(ALL_STATUSES.flatMap((s) => [['Suspend', s] as const, ['Resume', s] as const]))(
    '%s of a subscription with a scheduled charge is refused (%s)',
    (type, status) => {
      expect(
        check(
          [{ type, subscriptionNumber: 'S2', effectiveDate: '2022-07-01' }],
          [schedule(status)],
        )._unsafeUnwrapErr(),
      ).toMatchObject({ reason: 'SuspendResumeScheduledSubscription', action: type, scheduleStatus: status });
    },
  );

  it('a subscription outside every schedule passes this check (activation itself refuses Suspend)', () => {
    expect(
      check(
        [{ type: 'Suspend', subscriptionNumber: 'S3', effectiveDate: '2022-07-01' }],
        [schedule('Pending')],
      ).isOk(),
    ).toBe(true);
  });
});

describe('Owner transfer: a subset only when every charge is fully billed (§8.8, C16)', () => {
  const transfer = (subscriptionNumber: string, owner = 'A00000002') => ({
    type: 'OwnerTransfer',
    subscriptionNumber,
    newOwnerAccountNumber: owner,
  });

  it.each(ALL_STATUSES)('moving every subscription of the schedule is allowed (%s)', (status) => {
    expect(check([transfer('S1'), transfer('S2')], [schedule(status)]).isOk()).toBe(true);
  });

  it('C16: moving only S1 while the schedule is not fully billed is refused', () => {
    const error = check(
      [transfer('S1')],
      [schedule('PartiallyProcessed', { billed: ['1200.00', '1300.00', '0'] })],
    )._unsafeUnwrapErr();
    expect(error).toMatchObject({
      reason: 'OwnerTransferOfPartlyBilledSchedule',
      action: 'OwnerTransfer',
      actionIndex: 0,
      scheduleStatus: 'PartiallyProcessed',
    });
    expect(error.message).toContain('S1, S2');
  });

  it('moving both to different owners while partly billed is refused', () => {
    expect(check([transfer('S1', 'A2'), transfer('S2', 'A3')], [schedule('Pending')]).isErr()).toBe(true);
  });

  it('C16: once every charge is fully billed, S1 alone may move', () => {
    const full = schedule('FullyProcessed', { billed: ['2400.00', '2600.00', '100.00'] });
    expect(check([transfer('S1')], [full]).isOk()).toBe(true);
  });

  it('C30: after detaching its charges, S1 alone may move from a partly billed schedule', () => {
    expect(check([transfer('S1')], [schedule('PartiallyProcessed', { detached: ['C1'] })]).isOk()).toBe(true);
  });

  it('a subscription outside every schedule may move', () => {
    expect(check([transfer('S3')], [schedule('PartiallyProcessed')]).isOk()).toBe(true);
  });
});

describe('rows the table allows in every status', () => {
  const allowed: readonly [string, readonly unknown[]][] = [
    [
      'Create subscription',
      [createSubscription('S9', [annualCharge('C9', '10.00')], '2022-01-01', '2022-12-31')],
    ],
    [
      'Add product',
      [
        {
          type: 'AddProduct',
          subscriptionNumber: 'S1',
          ratePlan: {
            id: 'RP-N',
            name: 'New',
            charges: [annualCharge('C10', '10.00', { startDate: '2022-06-01', endDate: '2023-12-31' })],
          },
        },
      ],
    ],
    [
      'Remove product',
      [{ type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'RP-S1', effectiveDate: '2022-11-01' }],
    ],
    [
      'Cancel subscription',
      [{ type: 'CancelSubscription', subscriptionNumber: 'S2', effectiveDate: '2022-11-01' }],
    ],
    ['Renew', [{ type: 'Renew', subscriptionNumber: 'S1', renewalTermMonths: 12 }]],
    [
      'Remove product before a future-dated removal',
      [
        { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'RP-S1', effectiveDate: '2023-06-01' },
        { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'RP-S1', effectiveDate: '2022-11-01' },
      ],
    ],
    [
      'Cancel before a future-dated removal',
      [
        { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'RP-S1', effectiveDate: '2023-06-01' },
        { type: 'CancelSubscription', subscriptionNumber: 'S1', effectiveDate: '2022-11-01' },
      ],
    ],
  ];
  it.each(allowed.flatMap(([name, actions]) => ALL_STATUSES.map((s) => [name, s, actions] as const)))(
    '%s — %s',
    (_name, status, actions) => {
      expect(check(actions, [schedule(status)]).isOk()).toBe(true);
    },
  );

  it('Update product before a future-dated removal (from charge start) — Pending only', () => {
    const actions = [
      { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'RP-S1', effectiveDate: '2023-06-01' },
      update(),
    ];
    expect(check(actions, [schedule('Pending')]).isOk()).toBe(true);
    expect(check(actions, [schedule('PartiallyProcessed')]).isErr()).toBe(true);
  });

  it('an order touching no schedule, and an empty schedule list, pass', () => {
    expect(check([update()], []).isOk()).toBe(true);
  });
});

describe('purity', () => {
  it('does not mutate the order, the subscriptions or the schedules', () => {
    const o = order([update()]);
    const s = schedule('PartiallyProcessed');
    const before = JSON.stringify([o, [...SUBS.values()], s]);
    check([update()], [s]);
    checkOrderAgainstSchedules(o, SUBS, [s], values);
    expect(JSON.stringify([o, [...SUBS.values()], s])).toBe(before);
  });
});
