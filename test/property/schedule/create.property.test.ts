import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { Dec } from '../../../src/money/decimal';
import { saveNewOrder } from '../../../src/operations/contracts';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import {
  CURRENCY_CODES,
  createRequest,
  currencyOf,
  formatUnits,
  lifeStepsArb,
  type ScheduleScenario,
  scheduleScenarioArb,
  toUnits,
} from '../../support/arbitraries';
import { expectErr, expectOk, newBilling, setUpOrder, type TestBilling } from '../../support/billing';
import { applyStep, runs, setUpAccount } from './harness';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Percentages in hundredths (basis points) summing to exactly 100 %, 1..8 items, each > 0. */
const percentagesArb = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.uniqueArray(fc.integer({ min: 1, max: 9_999 }), { minLength: n - 1, maxLength: n - 1 }).map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 10_000];
    return points.slice(1).map((p, i) => p - (points[i] as number));
  }),
);

describe('creating an invoice schedule (§4.2, §4.3, §7.6)', () => {
  test.prop(
    [
      fc.constantFrom(...CURRENCY_CODES),
      fc.bigInt({ min: 100_000n, max: 10n ** 12n }),
      percentagesArb,
      fc.constantFrom('halfUp', 'halfEven', 'down', 'up'),
    ],
    runs(80),
  )(
    'percentage items resolve to amounts summing to the total',
    async (code, totalUnits, basisPoints, rounding) => {
      const currency = currencyOf(code);
      const billing = newBilling({ rounding: rounding as 'halfUp' });
      await setUpOrder(billing, {
        currency: code,
        subscriptions: [
          {
            number: 'S1',
            termStart: '2023-01-01',
            termEnd: '2023-12-31',
            charges: [{ number: 'C1', type: 'OneTime', price: formatUnits(totalUnits, currency.minorUnits) }],
          },
        ],
      });
      const schedule = expectOk(
        await createInvoiceSchedule(billing.context, {
          accountNumber: 'A-001',
          orders: ['O-0001'],
          items: basisPoints.map((bp, i) => ({
            runDate: `2023-0${i + 1}-15`,
            percentage: formatUnits(BigInt(bp), 2),
          })),
        }),
      );
      const amounts = schedule.items.map((i) => toUnits(i.amount, currency.minorUnits));
      expect(amounts.reduce((a, b) => a + b, 0n)).toBe(totalUnits);
      expect(toUnits(schedule.totalAmount, currency.minorUnits)).toBe(totalUnits);
      schedule.items.forEach((item, i) => {
        expect(item.amount.decimalPlaces()).toBeLessThanOrEqual(currency.minorUnits);
        expect(item.percentage?.eq(new Dec(basisPoints[i] as number).div(100))).toBe(true);
        expect(item.actualAmount.eq(item.amount)).toBe(true);
        // Each item is its share rounded; the last takes the rounding remainder (§4.3, §7.6).
        const exact = new Dec(totalUnits.toString()).times(basisPoints[i] as number).div(10_000);
        const slack = i === basisPoints.length - 1 ? basisPoints.length : 1;
        expect(new Dec((amounts[i] as bigint).toString()).minus(exact).abs().lt(slack)).toBe(true);
        expect(amounts[i] as bigint).toBeGreaterThan(0n);
      });
    },
  );

  test.prop([scheduleScenarioArb(), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 })], runs(40))(
    'create is deterministic and does not mutate its input',
    async (scenario, asDecimal) => {
      const plain = createRequest(scenario);
      const input = deepFreeze({
        ...plain,
        notes: 'frozen',
        invoiceSeparately: asDecimal[0] as boolean,
        items: plain.items.map((item, i) => ({
          ...item,
          name: `Item ${i + 1}`,
          amount: asDecimal[i] ? new Dec(item.amount) : item.amount,
        })),
      });
      const before = JSON.stringify(input);
      const snapshots = [];
      for (let run = 0; run < 2; run++) {
        const billing = newBilling();
        await setUpAccount(billing, scenario.account);
        expectOk(await createInvoiceSchedule(billing.context, input));
        snapshots.push(billing.store.probe.snapshot());
      }
      expect(JSON.stringify(input)).toBe(before);
      expect(snapshots[1]).toEqual(snapshots[0]);
    },
  );

  test.prop([scheduleScenarioArb(), scheduleScenarioArb('B-'), lifeStepsArb, breakerArb()], runs(80))(
    'a rejected operation leaves the store exactly as it was',
    async (scenario, background, steps, breaker) => {
      const billing = newBilling();
      // Some state around: another account with a schedule in the middle of its life.
      await setUpAccount(billing, background.account);
      const { number } = expectOk(await createInvoiceSchedule(billing.context, createRequest(background)));
      for (const step of steps.slice(0, 4)) await applyStep(billing, number, background.plan, step);
      await setUpAccount(billing, scenario.account);
      const request = await breaker.apply(billing, scenario, background);
      const before = billing.store.probe.snapshot();
      const error = expectErr(await createInvoiceSchedule(billing.context, request as never));
      expect(breaker.expected, `${breaker.rule}: ${JSON.stringify(error)}`).toContain(error.type);
      expect(billing.store.probe.snapshot()).toEqual(before);
    },
  );
});

interface Breaker {
  readonly rule: string;
  readonly expected: readonly string[];
  apply(
    billing: TestBilling,
    s: ScheduleScenario,
    background: ScheduleScenario,
  ): Promise<Record<string, unknown>>;
}

/** A valid create request with one rule of §4.2 / §9 broken (the rule is in the breaker's name). */
function breakerArb(): fc.Arbitrary<Breaker> {
  const valid = (s: ScheduleScenario) => createRequest(s);
  const item = (r: ReturnType<typeof createRequest>, index: number) => index % r.items.length;
  const simple = (
    rule: string,
    expected: readonly string[],
    change: (
      r: ReturnType<typeof createRequest>,
      s: ScheduleScenario,
      pick: number,
    ) => Record<string, unknown>,
  ) =>
    fc.nat({ max: 100 }).map(
      (pick): Breaker => ({
        rule,
        expected,
        apply: async (_b, s) => change(valid(s), s, pick),
      }),
    );
  const withItem = (r: ReturnType<typeof createRequest>, index: number, patch: Record<string, unknown>) => ({
    ...r,
    items: r.items.map((it, i) => (i === item(r, index) ? { ...it, ...patch } : it)),
  });
  return fc.oneof(
    simple('unknown account', ['AccountNotFound'], (r) => ({ ...r, accountNumber: 'NO-SUCH' })),
    simple('unknown order', ['OrderNotFound'], (r) => ({ ...r, orders: [...r.orders, 'O-404'] })),
    simple('duplicate order', ['DuplicateOrder'], (r) => ({ ...r, orders: [...r.orders, ...r.orders] })),
    simple('more than 10 orders', ['LimitExceeded'], (r) => ({
      ...r,
      orders: [...r.orders, ...Array.from({ length: 10 }, (_, i) => `O-X${i}`)],
    })),
    simple('no items', ['NoScheduleItems'], (r) => ({ ...r, items: [] })),
    simple('more than 50 items', ['LimitExceeded'], (r) => ({
      ...r,
      items: Array.from({ length: 51 }, (_, i) => ({
        ...(r.items[0] as object),
        runDate: null,
        name: `${i}`,
      })),
    })),
    simple('amount and percentage', ['ItemAmountAndPercentage'], (r, _s, k) =>
      withItem(r, k, { percentage: '10' }),
    ),
    simple('neither amount nor percentage', ['ItemAmountMissing'], (r, _s, k) =>
      withItem(r, k, { amount: null }),
    ),
    simple('zero or negative amount', ['ItemAmountNotPositive'], (r, s, k) =>
      withItem(r, k, { amount: formatUnits(BigInt(-(k % 3)), s.account.currency.minorUnits) }),
    ),
    simple('too many decimals', ['AmountTooPrecise'], (r, s, k) =>
      withItem(r, k, {
        amount: `${r.items[item(r, k)]?.amount}${s.account.currency.minorUnits === 0 ? '.5' : '1'}`,
      }),
    ),
    simple('malformed amount', ['InvalidAmount'], (r, _s, k) =>
      withItem(r, k, { amount: ['1,000', '1e5', ' ', 'NaN', ''][k % 5] }),
    ),
    simple('items do not add up to the total', ['ScheduleTotalMismatch'], (r, s, k) => {
      const { minorUnits } = s.account.currency;
      const units = toUnits(new Dec(r.items[item(r, k)]?.amount as string), minorUnits);
      return withItem(r, k, { amount: formatUnits(units + BigInt(1 + (k % 7)), minorUnits) });
    }),
    simple('percentages not summing to 100', ['PercentagesDoNotSumTo100'], (r, _s, k) => {
      const each = 1 + (k % 30);
      const bump = each * r.items.length === 100 ? 1 : 0;
      return {
        ...r,
        items: r.items.map((it, i) => ({
          runDate: it.runDate,
          percentage: String(each + (i === 0 ? bump : 0)),
        })),
      };
    }),
    simple('percentage out of range', ['ItemPercentageOutOfRange'], (r, _s, k) =>
      withItem(r, k, { amount: null, percentage: ['0', '-5', '100.01', '250'][k % 4] }),
    ),
    // With a single item the copy also breaks the total, which is checked first.
    simple('run dates not increasing', ['RunDatesNotIncreasing', 'ScheduleTotalMismatch'], (r, _s, k) => {
      if (r.items.length < 2) return { ...r, items: [...r.items, { ...(r.items[0] as object) }] };
      const i = 1 + (k % (r.items.length - 1));
      return withItem(r, i, { runDate: r.items[i - 1]?.runDate });
    }),
    simple(
      'blank run date before a dated one',
      ['BlankRunDateNotLast', 'ScheduleTotalMismatch'],
      (r, _s, k) => {
        if (r.items.length < 2)
          return { ...r, items: [{ ...(r.items[0] as object), runDate: null }, r.items[0]] };
        return withItem(r, k % (r.items.length - 1), { runDate: null });
      },
    ),
    simple('impossible run date', ['InvalidDate'], (r, _s, k) =>
      withItem(r, k, { runDate: ['2023-02-30', '2023-13-01', '20230101', 'tomorrow'][k % 4] }),
    ),
    simple('notes longer than 255', ['LimitExceeded'], (r, _s, k) => ({ ...r, notes: 'n'.repeat(256 + k) })),
    simple('unknown field', ['InvalidInput'], (r) => ({ ...r, scheduleItems: r.items })),
    simple('specific subscription of an order not listed', ['SpecificSubscriptionOrderNotListed'], (r) => ({
      ...r,
      specificSubscriptions: [{ orderNumber: 'O-OTHER', subscriptionNumber: 'S1' }],
    })),
    fc.constant<Breaker>({
      rule: 'order not activated',
      expected: ['OrderNotActivated'],
      apply: async (billing, s) => {
        const order = s.account.orderInput as unknown as { actions: { subscriptionNumber: string }[] };
        expectOk(
          await saveNewOrder(billing.context, {
            ...s.account.orderInput,
            number: 'O-DRAFT',
            actions: order.actions.map((a) => ({ ...a, subscriptionNumber: `D${a.subscriptionNumber}` })),
          }),
        );
        return { ...valid(s), orders: ['O-DRAFT'] };
      },
    }),
    fc.constant<Breaker>({
      rule: 'charge already in a schedule',
      expected: ['ChargeAlreadyScheduled'],
      apply: async (billing, s) => {
        expectOk(await createInvoiceSchedule(billing.context, valid(s)));
        return valid(s);
      },
    }),
    fc.constant<Breaker>({
      rule: "another owner's order",
      expected: ['SubscriptionOwnerMismatch', 'OrderAccountMismatch', 'ChargeAlreadyScheduled'],
      apply: async (_billing, s, background) => ({ ...valid(s), orders: [background.account.orderNumber] }),
    }),
  );
}
