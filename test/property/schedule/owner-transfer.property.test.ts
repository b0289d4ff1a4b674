import { fc, test } from '@fast-check/vitest';
import { ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { isRegularCharge } from '../../../src/domain/contract/charge';
import { chargeValue } from '../../../src/domain/contract/charge-value';
import { allCharges, type Subscription } from '../../../src/domain/contract/subscription';
import type { CreditMemo } from '../../../src/domain/documents/credit-memo';
import type { Invoice } from '../../../src/domain/documents/invoice';
import { chargeKey } from '../../../src/domain/schedule/schedule';
import { activateSavedOrder, saveNewAccount, saveNewOrder } from '../../../src/operations/contracts';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { addDays, type BusinessDate, daysBetween, maxDate } from '../../../src/time/date';
import {
  billRunDates,
  createRequest,
  type ScheduleScenario,
  scheduleScenarioArb,
  scheduleSettingsArb,
  toUnits,
  valuesInConsumptionOrder,
} from '../../support/arbitraries';
import { expectOk, newBilling, setUpOrder, type TestBilling } from '../../support/billing';
import { billRun, loadSchedule, runs, setUpAccount } from './harness';

// Decision 17 (billing history belongs to the charge, not the account), §8.8 (Owner Transfer: a subset of a
// schedule's subscriptions may move only once every charge is fully billed, else all of them together), and
// decision 2 (a charge's net billed amount may differ from its rounded value by one minor unit after credits).
// The library once billed a charge twice after an owner transfer: the new owner's standard billing did not see
// what the old owner had been billed. Every bill run here is account-wide (standard billing of every account).

/** Something that happens between bill runs. */
type Event =
  | { readonly kind: 'billRun'; readonly position: number }
  | {
      readonly kind: 'transfer';
      /** Every subscription of the schedule, or those whose `mask` bit is set (at least the first). */
      readonly all: boolean;
      readonly mask: readonly boolean[];
      /** The `to`-th account other than the first moved subscription's owner. */
      readonly to: number;
    }
  | {
      readonly kind: 'RemoveProduct' | 'CancelSubscription';
      readonly sub: number;
      readonly position: number;
    };

const eventsArb: fc.Arbitrary<Event[]> = fc.array(
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('billRun' as const),
        position: fc.integer({ min: 0, max: 1000 }),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('transfer' as const),
        all: fc.boolean(),
        mask: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        to: fc.nat({ max: 2 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constantFrom('RemoveProduct' as const, 'CancelSubscription' as const),
        sub: fc.nat({ max: 4 }),
        position: fc.integer({ min: 0, max: 1000 }),
      }),
    },
  ),
  { maxLength: 10 },
);

interface SubscriptionTerm {
  readonly subscriptionNumber: string;
  readonly ratePlanId: string;
  readonly termStart: BusinessDate;
  readonly termEnd: BusinessDate;
}

function termsOf(scenario: ScheduleScenario): readonly SubscriptionTerm[] {
  const actions = scenario.account.orderInput.actions as readonly {
    subscriptionNumber: string;
    termStart: BusinessDate;
    termEnd: BusinessDate;
    ratePlans: readonly { id: string }[];
  }[];
  return actions.map((a) => ({
    subscriptionNumber: a.subscriptionNumber,
    ratePlanId: a.ratePlans[0]?.id as string,
    termStart: a.termStart,
    termEnd: a.termEnd,
  }));
}

/** W(c): net billed per charge over every account (live invoices' lines and their discounts − credit memos). */
async function netOverAllAccounts(
  billing: TestBilling,
  accounts: readonly string[],
  subscriptionNumbers: readonly string[],
  minorUnits: number,
): Promise<{ net: Map<string, bigint>; subscriptions: Subscription[] }> {
  const read = await billing.store.transaction(async (repos) => {
    const invoices: Invoice[] = [];
    const memos: CreditMemo[] = [];
    for (const n of accounts) {
      invoices.push(...(await repos.invoices.listByAccount(n)));
      memos.push(...(await repos.creditMemos.listByAccount(n)));
    }
    const subscriptions: Subscription[] = [];
    for (const n of subscriptionNumbers) {
      const sub = await repos.subscriptions.get(n);
      if (sub) subscriptions.push(sub);
    }
    return ok({ invoices, memos, subscriptions });
  });
  const { invoices, memos, subscriptions } = read._unsafeUnwrap();
  const net = new Map<string, bigint>();
  const add = (key: string, units: bigint) => net.set(key, (net.get(key) ?? 0n) + units);
  for (const invoice of invoices) {
    if (invoice.status !== 'Draft' && invoice.status !== 'Posted') continue;
    for (const line of invoice.lines) {
      const charge = line.kind === 'Discount' ? line.appliesToChargeNumber : line.chargeNumber;
      add(chargeKey(line.subscriptionNumber, charge as string), toUnits(line.amount, minorUnits));
    }
  }
  for (const memo of memos) {
    for (const line of memo.lines) {
      add(chargeKey(line.subscriptionNumber, line.chargeNumber), -toUnits(line.amount, minorUnits));
    }
  }
  return { net, subscriptions };
}

/** Each regular charge's current value, rounded on its own (§4.4). */
function currentValues(subscriptions: readonly Subscription[], minorUnits: number): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const sub of subscriptions) {
    for (const { ratePlan, charge } of allCharges(sub)) {
      if (!isRegularCharge(charge)) continue;
      out.set(
        chargeKey(sub.number, charge.number),
        toUnits(chargeValue(charge, ratePlan, sub.currency), minorUnits),
      );
    }
  }
  return out;
}

describe('owner transfer (§8.8, decision 17)', () => {
  test.prop([scheduleScenarioArb(), fc.integer({ min: 1, max: 2 }), eventsArb, scheduleSettingsArb], {
    seed: 20_261_201,
    ...runs(60),
  })(
    "for any sequence of orders (including owner transfers), each charge's net billed amount over all accounts equals its value (± one minor unit, decision 2)",
    async (scenario, extraAccounts, events, settings) => {
      const billing = newBilling(settings);
      const { account, plan } = scenario;
      const { minorUnits } = account.currency;
      await setUpAccount(billing, account);
      const accounts = [account.accountNumber];
      for (let i = 0; i < extraAccounts; i++) {
        const number = `A-00${i + 2}`;
        accounts.push(number);
        expectOk(
          await saveNewAccount(billing.context, {
            id: `acc-${number}`,
            number,
            name: `Account ${number}`,
            currency: account.currency.code,
          }),
        );
      }
      const { number } = expectOk(await createInvoiceSchedule(billing.context, createRequest(scenario)));
      const terms = termsOf(scenario);
      const subscriptionNumbers = terms.map((t) => t.subscriptionNumber);
      let changed = false;
      let orders = 0;
      let previous = new Map<string, bigint>();
      const trace: string[] = [];

      const check = async (after: string) => {
        const { net, subscriptions } = await netOverAllAccounts(
          billing,
          accounts,
          subscriptionNumbers,
          minorUnits,
        );
        const values = currentValues(subscriptions, minorUnits);
        for (const key of net.keys())
          expect(values.has(key), `${after}: ${key} is a charge of the order`).toBe(true);
        for (const [key, value] of values) {
          const w = net.get(key) ?? 0n;
          const was = previous.get(key) ?? 0n;
          expect(w >= 0n, `${after}: ${key} net ${w} over all accounts is not negative`).toBe(true);
          // Above its value (+1, decision 2) only while a credit of a change is still to come: never by billing.
          if (w > value + 1n) {
            expect(
              w <= was,
              `${after}: ${key} billed ${w} over all accounts (was ${was}), value ${value}`,
            ).toBe(true);
          }
        }
        previous = net;
        return { net, values, subscriptions };
      };

      const order = async (accountNumber: string, actions: readonly Record<string, unknown>[]) => {
        orders += 1;
        const orderNumber = `O-1${String(orders).padStart(3, '0')}`;
        expectOk(
          await saveNewOrder(billing.context, {
            number: orderNumber,
            accountNumber,
            orderDate: terms[0]?.termStart as string,
            actions,
          }),
        );
        return activateSavedOrder(billing.context, { orderNumber });
      };

      try {
        for (const event of events) {
          if (event.kind === 'billRun') {
            const [targetDate] = billRunDates(plan, [event.position]);
            await billRun(billing, { targetDate: targetDate as string });
            trace.push(`bill run ${targetDate}`);
          } else if (event.kind === 'transfer') {
            const owners = new Map((await check('before transfer')).subscriptions.map((s) => [s.number, s]));
            // A cancelled subscription cannot change (the model checks that refusal): move active ones only.
            const active = subscriptionNumbers.filter((n) => owners.get(n)?.status === 'Active');
            const picked = active.filter((n) => event.mask[subscriptionNumbers.indexOf(n)] === true);
            const moved = event.all ? active : picked.length > 0 ? picked : active.slice(0, 1);
            if (moved.length === 0) {
              trace.push('transfer: no active subscription');
              continue;
            }
            const from = owners.get(moved[0] as string)?.accountNumber as string;
            const others = accounts.filter((a) => a !== from);
            const to = others[event.to % others.length] as string;
            const before = await loadSchedule(billing, number);
            const after = new Set(
              subscriptionNumbers.map((n) => (moved.includes(n) ? to : owners.get(n)?.accountNumber)),
            );
            const result = await order(
              from,
              moved.map((subscriptionNumber) => ({
                type: 'OwnerTransfer',
                subscriptionNumber,
                newOwnerAccountNumber: to,
              })),
            );
            const label = `transfer ${moved.join(',')} ${from} → ${to} (${after.size > 1 ? 'partial' : 'whole'})`;
            trace.push(`${label}: ${result.isOk() ? 'ok' : result._unsafeUnwrapErr().type}`);
            if (result.isErr()) {
              const { type } = result._unsafeUnwrapErr();
              // §8.8: refused only as a partial move (the schedule's subscriptions would end with several owners).
              expect(
                after.size > 1 ? ['OrderActionNotSupported'] : [],
                `${label} refused with ${type}`,
              ).toContain(type);
            } else {
              // §8.8: a partial move only once nothing is left to bill (pending items may remain with an actual
              // amount of zero after a removal).
              if (after.size > 1) {
                expect(
                  toUnits(before.unbilledAmount, minorUnits) <= 0n,
                  `${label}: a partial move of ${before.status} (unbilled ${before.unbilledAmount}) was accepted`,
                ).toBe(true);
              }
              const schedule = await loadSchedule(billing, number);
              const [only] = after;
              // Decision 17: a schedule whose subscriptions all moved to one owner moves with them.
              if (after.size === 1) expect(schedule.accountNumber, `${label}: the schedule moved`).toBe(only);
            }
          } else {
            const term = terms[event.sub % terms.length] as SubscriptionTerm;
            const effectiveDate = addDays(
              term.termStart,
              Math.floor((daysBetween(term.termStart, term.termEnd) * event.position) / 1000),
            );
            const owner = (await check('before change')).subscriptions.find(
              (s) => s.number === term.subscriptionNumber,
            )?.accountNumber as string;
            const result = await order(owner, [
              event.kind === 'RemoveProduct'
                ? {
                    type: 'RemoveProduct',
                    subscriptionNumber: term.subscriptionNumber,
                    ratePlanId: term.ratePlanId,
                    effectiveDate,
                  }
                : { type: 'CancelSubscription', subscriptionNumber: term.subscriptionNumber, effectiveDate },
            ]);
            if (result.isOk()) changed = true;
            trace.push(
              `${event.kind} ${term.subscriptionNumber} from ${effectiveDate}: ${result.isOk() ? 'ok' : result._unsafeUnwrapErr().type}`,
            );
          }
          await check(`after ${trace.at(-1)}`);
        }
        // Through the last run date, then, as the Scheduler does day after day, through any credit still due
        // (a removal dated after it): the next bill run is on nextRunDate, or the next day.
        let targetDate = plan.runDates.at(-1) as BusinessDate;
        await billRun(billing, { targetDate });
        for (let n = 0; n < 400; n++) {
          const { nextRunDate } = await loadSchedule(billing, number);
          if (nextRunDate === null) break;
          targetDate = maxDate(nextRunDate as BusinessDate, addDays(targetDate, 1));
          await billRun(billing, { targetDate });
        }
        // Charges a partial move detached are standard billing's from then on (decision 17): a credit on them
        // after a later removal has no schedule date to wait for, so a last run reaches past every term.
        await billRun(billing, { targetDate: maxDate(targetDate, '2040-12-31' as BusinessDate) });
        const schedule = await loadSchedule(billing, number);
        expect([schedule.status, schedule.nextRunDate], 'settled').toEqual(['FullyProcessed', null]);
        const { net, values } = await check('end');
        const oracle = valuesInConsumptionOrder(account.charges, settings.chargeGrouping);
        for (const [key, value] of values) {
          const w = net.get(key) ?? 0n;
          const diff = w - value;
          expect(diff >= -1n && diff <= 1n, `end: ${key} billed ${w} over all accounts, value ${value}`).toBe(
            true,
          );
        }
        if (!changed) {
          // Without a change the charges keep their decision 2 billed totals exactly (independent oracle).
          for (const c of account.charges) {
            const key = chargeKey(c.subscriptionNumber, c.chargeNumber);
            expect(net.get(key) ?? 0n, `end: ${key} billed its billed total`).toBe(oracle.get(c));
          }
        }
        // The schedule's total stays exact (decision 2): what all accounts were billed for its attached charges,
        // plus what it billed on the charges a partial move detached (§8.1: their billed part stays; what is
        // billed or credited on them later is standard billing's), is its actual amount.
        let scheduled = 0n;
        for (const c of schedule.charges) {
          scheduled += c.detached
            ? toUnits(c.billedAmount, minorUnits)
            : (net.get(chargeKey(c.subscriptionNumber, c.chargeNumber)) ?? 0n);
        }
        expect(scheduled, 'end: Σ over all accounts = actualAmount').toBe(
          toUnits(schedule.actualAmount, minorUnits),
        );
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        throw new Error(`${message}\n--- trace ---\n${trace.join('\n')}`);
      }
    },
  );

  // Found by the property above (SCHEDULE_PROPERTY_SEED=777, 800 runs, shrunk; no transfer involved): after a
  // second, earlier removal the set rounding moved a unit onto C2, billed its rounded-down value with nothing
  // left to bill it, so the credit on C1 was one unit too large and 1 yen stayed unbilled for good. Now a unit
  // goes to the over-billed charge instead (its credit is a unit smaller) and the schedule stays exact.
  it('a credit after a second, earlier removal keeps the schedule exact (decision 2): was 1 yen short for good', async () => {
    const billing = newBilling();
    // JPY. S1/C1 5,943,359,979 a year, 2022-01-01 → 2022-10-31; S2/C2 34,740 a year, 2022-01-31 → 2022-02-26.
    await setUpOrder(billing, {
      currency: 'JPY',
      subscriptions: [
        {
          number: 'S1',
          termStart: '2022-01-01',
          termEnd: '2022-10-31',
          charges: [{ number: 'C1', price: '5943359979' }],
        },
        {
          number: 'S2',
          termStart: '2022-01-31',
          termEnd: '2022-02-27',
          charges: [{ number: 'C2', price: '34740', startDate: '2022-01-31', endDate: '2022-02-26' }],
        },
      ],
    });
    const { number } = expectOk(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [{ runDate: '2022-01-01', amount: '4952802774' }],
      }),
    );
    const removeS1 = async (orderNumber: string, effectiveDate: string) => {
      expectOk(
        await saveNewOrder(billing.context, {
          number: orderNumber,
          accountNumber: 'A-001',
          orderDate: '2022-01-01',
          actions: [{ type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'rp-S1', effectiveDate }],
        }),
      );
      expectOk(await activateSavedOrder(billing.context, { orderNumber }));
    };
    await removeS1('O-0002', '2022-07-24');
    await billRun(billing, { targetDate: '2022-01-01' });
    // INV00000001 3,339,148,586: C1 3,339,145,795, C2 2,791.
    await removeS1('O-0003', '2022-02-11');
    const due = await loadSchedule(billing, number);
    expect([due.actualAmount.toFixed(0), due.unbilledAmount.toFixed(0)]).toEqual([
      '672168504',
      '-2666980082',
    ]);
    await billRun(billing, { targetDate: '2022-10-31' });
    expect(billing.store.probe.creditMemo('CM00000001')?.amount, 'the credit due').toBe('2666980082');
    const after = await loadSchedule(billing, number);
    expect([after.status, after.unbilledAmount.toFixed(0), after.nextRunDate]).toEqual([
      'FullyProcessed',
      '0',
      null,
    ]);
  });

  // Found by the property above (seed 20261201 with 60 runs, before its last bill runs moved a day at a time):
  // §6.6 rule 3 and decision 19 move nextRunDate to the removal's effective date (2022-01-15), but a
  // zero-priced one-time charge of the removed rate plan pulls it to its own start (2022-01-14), a date on
  // which nothing is due: a bill run through nextRunDate produces nothing and leaves it there, in the past,
  // until a later run (the credit's date is 2022-01-15). Fixed: a zero-priced charge's cut moves no date.
  it('a removal moves nextRunDate to its effective date, not to a zero-priced one-time charge start (§6.6 rule 3, decision 19)', async () => {
    const billing = newBilling();
    expectOk(
      await saveNewAccount(billing.context, { id: 'acc-A-001', number: 'A-001', name: 'A', currency: 'JPY' }),
    );
    // JPY. S1: C1 1 yen a year 2022-01-14 → 2023-11-13 (TwoYears; worth 1.83, billed 2) and C1b, one-time, 0;
    // S2: C2 one-time 1 yen. One item of 3 yen on 2022-01-01.
    const subscription = (number: string, termStart: string, termEnd: string, charges: unknown[]) => ({
      type: 'CreateSubscription',
      subscriptionNumber: number,
      termType: 'Termed',
      termStart,
      termEnd,
      ratePlans: [{ id: `rp-${number}`, name: `Plan ${number}`, charges }],
    });
    expectOk(
      await saveNewOrder(billing.context, {
        number: 'O-0001',
        accountNumber: 'A-001',
        orderDate: '2022-01-01',
        actions: [
          subscription('S1', '2022-01-14', '2023-11-13', [
            {
              number: 'C1',
              name: 'C1',
              type: 'Recurring',
              price: '1',
              listPriceBase: 'Year',
              billingPeriod: 'TwoYears',
            },
            { number: 'C1b', name: 'C1b', type: 'OneTime', price: '0' },
          ]),
          subscription('S2', '2022-01-01', '2022-01-31', [
            { number: 'C2', name: 'C2', type: 'OneTime', price: '1' },
          ]),
        ],
      }),
    );
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0001' }));
    const { number } = expectOk(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [{ runDate: '2022-01-01', amount: '3' }],
      }),
    );
    await billRun(billing, { targetDate: '2022-01-01' });
    expectOk(
      await saveNewOrder(billing.context, {
        number: 'O-0002',
        accountNumber: 'A-001',
        orderDate: '2022-01-01',
        actions: [
          {
            type: 'RemoveProduct',
            subscriptionNumber: 'S1',
            ratePlanId: 'rp-S1',
            effectiveDate: '2022-01-15',
          },
        ],
      }),
    );
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    const removed = await loadSchedule(billing, number);
    expect([removed.unbilledAmount.toFixed(0), removed.nextRunDate]).toEqual(['-2', '2022-01-15']);
  });
});
