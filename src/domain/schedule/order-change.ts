// Activating an order on subscriptions that invoice schedules cover, purely: the operation loads what this needs
// through the ports, asks the core once, and saves what it returns atomically.
import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { ZERO } from '../../money/decimal';
import type { Account } from '../contract/account';
import { chargeValue } from '../contract/charge-value';
import { findCharge, type Subscription } from '../contract/subscription';
import type { DomainError } from '../errors';
import { activateOrder, subscriptionsBeforeEachAction } from '../order/activate';
import type { Order, OrderActivation } from '../order/model';
import { checkOrderAgainstSchedules } from '../order/rules';
import type { TenantSettings } from '../settings';
import { accountNotFound, type ScheduleError, subscriptionCurrencyMismatch } from './errors';
import { followOwnerTransfer } from './owner';
import { chargeKey, type InvoiceSchedule } from './schedule';
import {
  type ChargeState,
  chargeStates,
  pullForwardToCuts,
  reviseSchedule,
  withoutOwnCreditDate,
} from './states';

/** What {@link decideOrderActivation} decides on, as read under the accounts' claims. @internal */
export interface OrderActivationInput {
  /** The order to activate, as stored. */
  readonly order: Order;
  /** The stored subscriptions the order's actions name (one each, in the actions' order). */
  readonly current: readonly Subscription[];
  /** The schedules that cover a charge of `current` (§8.9), each once. */
  readonly schedules: readonly InvoiceSchedule[];
  /** `current` and every other subscription those schedules cover, by number, as stored. */
  readonly before: ReadonlyMap<string, Subscription>;
  /** The accounts the order names as a new owner or invoice owner, by number; a missing one does not exist. */
  readonly accounts: ReadonlyMap<string, Account>;
  readonly settings: Pick<TenantSettings, 'rounding' | 'chargeGrouping' | 'prorationDays'>;
}

/** What activating the order changes: the activation, and the schedules to save (their versions raised). @internal */
export interface OrderActivationDecision {
  readonly activation: OrderActivation;
  readonly schedules: readonly InvoiceSchedule[];
}

/**
 * The account numbers an order names as the new owner of an Owner Transfer or the invoice owner of a Create
 * Subscription: {@link decideOrderActivation} needs them read. @internal
 */
export function namedOwners(order: Order): readonly string[] {
  const out: string[] = [];
  for (const action of order.actions) {
    if (action.type === 'OwnerTransfer') out.push(action.newOwnerAccountNumber);
    if (action.type === 'CreateSubscription' && action.invoiceOwnerAccountNumber !== undefined)
      out.push(action.invoiceOwnerAccountNumber);
  }
  return [...new Set(out)];
}

/**
 * Decides an order's activation against the schedules that cover its subscriptions, purely: the §8.9 rules
 * (an action a schedule's status does not allow is refused), the owners (decision 17) and currencies, the
 * activation itself, then each schedule revised to its subscriptions' new values (§8.1–8.2, §6.6 rule 3), made to
 * follow an owner transfer or detach what moved (decision 17, §8.8), and its `nextRunDate` pulled forward to a
 * removal's or cancellation's date (decision 19). A schedule whose owner, detached charges, amounts, next run date
 * (and its override) and removal cuts are all unchanged is left out. Inputs are never mutated. @internal
 */
export function decideOrderActivation(
  input: OrderActivationInput,
): Result<OrderActivationDecision, DomainError | ScheduleError> {
  const { order, current, schedules, before, settings } = input;
  // An order activated already is answered as such (a retry), whatever its actions would meet now (review 155).
  if (order.status === 'Completed') {
    const again = activateOrder(order, current);
    if (again.isErr()) return err(again.error);
  }
  // Each schedule's charge states in a state of the subscriptions (`before`: as the order finds them).
  const statesOf = (now: ReadonlyMap<string, Subscription>): ReadonlyMap<string, readonly ChargeState[]> => {
    const bySchedule = new Map<string, readonly ChargeState[]>();
    for (const schedule of schedules) {
      const states = chargeStates(schedule, now, settings.rounding, settings.chargeGrouping);
      if (states.isOk()) bySchedule.set(schedule.number, states.value);
    }
    return bySchedule;
  };
  const statesBefore = statesOf(before);
  // §8.8 "fully billed" compares what a charge was billed with its billed total (decision 2: the values rounded
  // as a set), not with its value rounded on its own; in the state each action is judged in (the rules pass it),
  // computed once each state.
  const totalsIn = new Map<ReadonlyMap<string, Subscription>, ReadonlyMap<string, Decimal>>();
  const totalsOf = (now: ReadonlyMap<string, Subscription>): ReadonlyMap<string, Decimal> => {
    const known = totalsIn.get(now);
    if (known !== undefined) return known;
    const totals = new Map<string, Decimal>();
    for (const states of (now === before ? statesBefore : statesOf(now)).values())
      for (const c of states) totals.set(c.key, c.total);
    totalsIn.set(now, totals);
    return totals;
  };
  const allowed = checkOrderAgainstSchedules(order, before, schedules, (sub, chargeNumber, now = before) => {
    const total = totalsOf(now).get(chargeKey(sub.number, chargeNumber));
    if (total !== undefined) return total;
    const found = findCharge(sub, chargeNumber);
    return found ? chargeValue(found.charge, found.ratePlan, sub.currency, settings.rounding) : ZERO;
  });
  const owned = checkOwnersAndCurrencies(order, current, input.accounts);
  if (allowed.isErr() || owned !== null) {
    // The first refused action is the one reported (activateOrder's rule): the schedules' refusal, the owner or
    // currency refusal, or activation's own error, whichever action comes first (ties in that order; review 154).
    const ruled = allowed.isErr() ? allowed.error.actionIndex : Number.POSITIVE_INFINITY;
    const first = Math.min(ruled, owned?.index ?? Number.POSITIVE_INFINITY);
    if (subscriptionsBeforeEachAction(order, current).length - 1 < first) {
      const activated = activateOrder(order, current);
      if (activated.isErr()) return err(activated.error);
    }
    if (allowed.isErr() && ruled === first) return err(allowed.error);
    if (owned !== null) return err(owned.error);
  }
  const activation = activateOrder(order, current);
  if (activation.isErr()) return err(activation.error);
  const changed = new Map(activation.value.subscriptions.map((s) => [s.number, s]));
  const revisedSchedules: InvoiceSchedule[] = [];
  for (const schedule of schedules) {
    const updated = new Map<string, Subscription>();
    for (const c of schedule.charges) {
      const sub = changed.get(c.subscriptionNumber) ?? before.get(c.subscriptionNumber);
      if (sub !== undefined) updated.set(sub.number, sub);
    }
    // Decision 17, §8.8: the schedule follows its subscriptions' owner, or detaches the ones that moved.
    const followed = followOwnerTransfer(schedule, updated, settings, before);
    const old = statesBefore.get(schedule.number);
    const undated = old === undefined ? followed : withoutOwnCreditDate(followed, old);
    const states = chargeStates(undated, updated, settings.rounding, settings.chargeGrouping);
    if (states.isErr()) return err(states.error);
    const revised = pullForwardToCuts(reviseSchedule(undated, states.value), before, updated);
    if (unchanged(revised, schedule)) continue;
    revisedSchedules.push({ ...revised, version: schedule.version + 1 });
  }
  return ok({ activation: activation.value, schedules: revisedSchedules });
}

/**
 * Decision 17 and the money rules, for every action of `order` in order (the first refused, with its index): the
 * new owner of an Owner Transfer, and the invoice owner a Create Subscription names, must exist (in `accounts`)
 * and bill in the subscription's currency (a subscription created by the order is in the order's, also for an
 * Owner Transfer of it later in the order); and an order whose amounts were read in its account's currency adds products to, or changes the price
 * of, subscriptions in that currency only (a KWD price of 1200.555 never reaches a USD subscription).
 */
function checkOwnersAndCurrencies(
  order: Order,
  current: readonly Subscription[],
  accounts: ReadonlyMap<string, Account>,
): { readonly index: number; readonly error: ScheduleError } | null {
  // A subscription's currency: stored, or the order's for one an earlier action of the order creates; unknown
  // otherwise (activation then answers UnknownSubscription).
  const created = new Set<string>();
  const currencyOf = (subscriptionNumber: string): string | undefined =>
    current.find((c) => c.number === subscriptionNumber)?.currency ??
    (created.has(subscriptionNumber) ? order.currency : undefined);
  for (const [index, action] of order.actions.entries()) {
    if (action.type === 'CreateSubscription') created.add(action.subscriptionNumber);
    const newOwner =
      action.type === 'OwnerTransfer'
        ? action.newOwnerAccountNumber
        : action.type === 'CreateSubscription'
          ? action.invoiceOwnerAccountNumber
          : undefined;
    const currency = currencyOf(action.subscriptionNumber);
    if (newOwner !== undefined) {
      const owner = accounts.get(newOwner);
      if (!owner) return { index, error: accountNotFound(newOwner) };
      if (currency !== undefined && currency !== owner.currency) {
        const who =
          action.type === 'OwnerTransfer'
            ? `the new owner ${newOwner} bills in ${owner.currency}, but subscription ${action.subscriptionNumber} is in ${currency}`
            : `the invoice owner ${newOwner} bills in ${owner.currency}, but subscription ${action.subscriptionNumber} is created in the order's currency, ${currency}`;
        const fix =
          action.type === 'OwnerTransfer'
            ? `transfer it to an account in ${currency}`
            : `name an invoice owner in ${currency}, or place the order on an account in ${owner.currency}`;
        return {
          index,
          error: Object.freeze({
            ...subscriptionCurrencyMismatch(action.subscriptionNumber, currency, owner.currency),
            message: `actions[${index}]: ${who}: an account owns subscriptions of its own currency only (the library's rule: one currency per account). ${fix[0]?.toUpperCase()}${fix.slice(1)}.`,
          }),
        };
      }
    }
    const pricesGiven =
      action.type === 'AddProduct' || (action.type === 'UpdateProduct' && action.price !== undefined);
    if (pricesGiven && currency !== undefined && currency !== order.currency) {
      return {
        index,
        error: Object.freeze({
          ...subscriptionCurrencyMismatch(action.subscriptionNumber, currency, order.currency),
          message: `actions[${index}]: subscription ${action.subscriptionNumber} is in ${currency}, not ${order.currency}: order ${order.number}'s amounts are read in its account's currency (${order.currency}), so its ${action.type} cannot give prices for it. Change the subscription with an order of an account in ${currency}.`,
        }),
      };
    }
  }
  return null;
}

/** A schedule's removal cuts (decision 19) as one comparable string. */
function cutsKey(schedule: InvoiceSchedule): string {
  return (schedule.removalCuts ?? [])
    .map((c) => `${c.itemId}:${c.effectiveDates.join()}:${c.chargeKeys?.join() ?? '*'}`)
    .join('|');
}

/** Whether the revision leaves unchanged what an order can change: owner, detachments, amounts, next run date, cuts. */
function unchanged(a: InvoiceSchedule, b: InvoiceSchedule): boolean {
  return (
    a.accountNumber === b.accountNumber &&
    a.charges.every((c, i) => c.detached === b.charges[i]?.detached) &&
    a.actualAmount.eq(b.actualAmount) &&
    a.nextRunDate === b.nextRunDate &&
    a.nextRunDateOverride === b.nextRunDateOverride &&
    a.userNextRunDate === b.userNextRunDate &&
    cutsKey(a) === cutsKey(b) &&
    a.items.every((item, i) => item.actualAmount.eq(b.items[i]?.actualAmount ?? item.actualAmount))
  );
}
