import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { frozenDecimal, ZERO } from '../../money/decimal';
import { compareRational, type Rational, rational } from '../../time/rational';
import { billingPeriodMonths, isRegularCharge } from '../contract/charge';
import { chargeTermMonths, chargeValueExact } from '../contract/charge-value';
import { allCharges, isSchedulable, type Subscription } from '../contract/subscription';
import type { Order } from '../order/order';
import type { CreateError, CreateScheduleContext } from './create';
import { limitExceeded, SCHEDULE_LIMITS } from './create-request';
import { chargeTargets } from './credit';
import {
  chargeNotFound,
  orderNotFound,
  type ScheduleError,
  scheduleError,
  subscriptionCurrencyMismatch,
  subscriptionNotFound,
} from './errors';
import type { ScheduleCharge, SpecificSubscription } from './schedule';

// The charges a schedule covers (§2.1, §4.2 rules 1–6): the orders' charges, narrowed by specific
// subscriptions, checked against the store. Shared by create and by updates that change the orders.

/**
 * The charges an order brought to a subscription, which a schedule on that order covers (§2.1):
 * all charges of a Create Subscription, the charges of an Add Product, the renewal segments the order's
 * Renew created (`renewalOrder`; §8.7, C15: the renewed term is not billed by the old schedule, and a later
 * renewal's segments are not this order's). Removals, updates and term changes bring no charge.
 * A subscription stored before 0.2.0 has segments without `renewalOrder`: when none is the order's, its
 * Renew is taken to have created the newest of those segments, as before.
 * @since 0.1.0
 */
export function chargesIntroducedBy(order: Order, subscription: Subscription): readonly string[] {
  const out: string[] = [];
  let renewed = false;
  for (const action of order.actions) {
    if (action.subscriptionNumber !== subscription.number) continue;
    if (action.type === 'CreateSubscription') {
      for (const plan of action.ratePlans) for (const c of plan.charges) out.push(c.number);
    } else if (action.type === 'AddProduct') {
      for (const c of action.ratePlan.charges) out.push(c.number);
    } else if (action.type === 'Renew') {
      renewed = true;
    }
  }
  if (renewed) out.push(...renewalSegmentsOf(order.number, subscription));
  return out;
}

/** The renewal segments an order's Renew created on a subscription (see {@link chargesIntroducedBy}). */
function renewalSegmentsOf(orderNumber: string, subscription: Subscription): readonly string[] {
  const charges = allCharges(subscription).map((c) => c.charge);
  const own = charges.filter((c) => c.renewalOrder === orderNumber).map((c) => c.number);
  if (own.length > 0) return own;
  // Segments stored before 0.2.0 do not say which order created them: the newest of them, per charge.
  const latest = new Map<string, { n: number; number: string }>();
  for (const charge of charges) {
    if (charge.renewalOrder !== undefined) continue;
    const m = /^(.*)-R(\d+)$/.exec(charge.number);
    if (!m) continue;
    const base = m[1] as string;
    const n = Number(m[2]);
    if ((latest.get(base)?.n ?? 0) < n) latest.set(base, { n, number: charge.number });
  }
  return [...latest.values()].map((l) => l.number);
}

/** The listed order, or `OrderNotFound` when the store has no such order. */
function findOrder(
  orderNumber: string,
  context: Pick<CreateScheduleContext, 'orders'>,
): Result<Order, ScheduleError> {
  const order = context.orders.get(orderNumber);
  if (!order) return err(orderNotFound(orderNumber));
  return ok(order);
}

/** Subscription numbers an order creates or changes, in action order. @internal */
export function orderSubscriptionNumbers(order: Order): readonly string[] {
  const seen: string[] = [];
  for (const action of order.actions) {
    if (!seen.includes(action.subscriptionNumber)) seen.push(action.subscriptionNumber);
  }
  return seen;
}

/**
 * Resolves the charges a schedule covers: every regular charge of the listed orders'
 * subscriptions, narrowed by specific subscriptions (§2.1; at most one entry per subscription of an
 * order, else `DuplicateSpecificSubscription`), in order / subscription / rate plan / charge order. Discount charges are not covered themselves; they reduce the regular charges
 * of their rate plan (§4.2 rule 3).
 * @since 0.1.0
 */
export function resolveCoveredCharges(
  orders: readonly string[],
  specific: readonly SpecificSubscription[],
  context: Pick<CreateScheduleContext, 'orders' | 'subscriptions'>,
): Result<readonly { orderNumber: string; subscription: Subscription; chargeNumber: string }[], CreateError> {
  const out: { orderNumber: string; subscription: Subscription; chargeNumber: string }[] = [];
  const entries = new Map<string, number>();
  for (const [index, s] of specific.entries()) {
    if (!orders.includes(s.orderNumber)) {
      return err(
        scheduleError({
          type: 'SpecificSubscriptionOrderNotListed',
          message: `specificSubscriptions names order ${s.orderNumber}, which is not in orders; add it to orders or remove the entry.`,
          orderNumber: s.orderNumber,
          subscriptionNumber: s.subscriptionNumber,
        }),
      );
    }
    // One entry per subscription of an order (§2.1). A repeated entry is refused, not merged: it is most
    // likely a caller's slip, and `{ S1 }` with `{ S1, [C2] }` has no single reading (the whole subscription,
    // or C2?). Read as the first entry only, the schedule stored both and billed less than they name.
    const key = JSON.stringify([s.orderNumber, s.subscriptionNumber]);
    const firstIndex = entries.get(key);
    if (firstIndex === undefined) {
      entries.set(key, index);
    } else {
      return err(
        scheduleError({
          type: 'DuplicateSpecificSubscription',
          message: `specificSubscriptions[${index}] lists subscription ${s.subscriptionNumber} of order ${s.orderNumber} again (first at specificSubscriptions[${firstIndex}]); give each subscription of an order one entry, with all the charges to cover in its chargeNumbers (none: the whole subscription).`,
          orderNumber: s.orderNumber,
          subscriptionNumber: s.subscriptionNumber,
          index,
          firstIndex,
        }),
      );
    }
  }
  for (const orderNumber of orders) {
    const found = findOrder(orderNumber, context);
    if (found.isErr()) return err(found.error);
    const order = found.value;
    const inOrder = orderSubscriptionNumbers(order);
    const narrowed = specific.filter((s) => s.orderNumber === orderNumber);
    for (const s of narrowed) {
      if (!inOrder.includes(s.subscriptionNumber)) {
        return err(
          scheduleError({
            type: 'SubscriptionNotInOrder',
            message: `Subscription ${s.subscriptionNumber} is not created or changed by order ${orderNumber}; list it under its own order.`,
            orderNumber,
            subscriptionNumber: s.subscriptionNumber,
          }),
        );
      }
    }
    const subscriptionNumbers = narrowed.length > 0 ? narrowed.map((s) => s.subscriptionNumber) : inOrder;
    for (const subscriptionNumber of subscriptionNumbers) {
      const subscription = context.subscriptions.get(subscriptionNumber);
      if (!subscription) return err(subscriptionNotFound(subscriptionNumber));
      const wanted = narrowed.find((s) => s.subscriptionNumber === subscriptionNumber)?.chargeNumbers ?? [];
      const regular = allCharges(subscription).filter((c) => isRegularCharge(c.charge));
      for (const chargeNumber of wanted) {
        if (!allCharges(subscription).some((c) => c.charge.number === chargeNumber)) {
          return err(chargeNotFound(subscriptionNumber, chargeNumber));
        }
      }
      const introduced = chargesIntroducedBy(order, subscription);
      // §2.1: an entry narrows its order to some of that order's charges; a charge another order brought is
      // covered under that order (listed in `orders`), never under this one.
      const foreign = wanted.find((chargeNumber) => !introduced.includes(chargeNumber));
      if (foreign !== undefined) {
        return err(
          scheduleError({
            type: 'ChargeNotInOrder',
            message: `Charge ${foreign} of subscription ${subscriptionNumber} was not brought by order ${orderNumber} (${introduced.length > 0 ? `it brought ${introduced.join(', ')}` : 'it brought no charge of it'}); list the order that added ${foreign} in orders and name the charge under that order.`,
            orderNumber,
            subscriptionNumber,
            chargeNumber: foreign,
          }),
        );
      }
      for (const { charge } of regular) {
        if (wanted.length > 0 ? !wanted.includes(charge.number) : !introduced.includes(charge.number))
          continue;
        out.push({ orderNumber, subscription, chargeNumber: charge.number });
      }
    }
  }
  return ok(out);
}

function checkSubscription(
  subscription: Subscription,
  context: CreateScheduleContext,
): Result<void, CreateError> {
  const schedulable = isSchedulable(subscription);
  if (schedulable.isErr()) return err(schedulable.error);
  if (subscription.accountNumber !== context.account.number) {
    return err(
      scheduleError({
        type: 'SubscriptionOwnerMismatch',
        message: `Subscription ${subscription.number} is owned by account ${subscription.accountNumber}, not ${context.account.number}; a schedule covers one owner's subscriptions (§4.2 rule 6).`,
        subscriptionNumber: subscription.number,
        accountNumber: subscription.accountNumber,
        expectedAccountNumber: context.account.number,
      }),
    );
  }
  if (subscription.currency !== context.currency.code) {
    return err(
      subscriptionCurrencyMismatch(subscription.number, subscription.currency, context.currency.code),
    );
  }
  return ok(undefined);
}

/**
 * Checks the orders and resolves the charges they cover with their total (§4.2 rules 1–6,
 * §4.4): activated orders, schedulable subscriptions of one owner and currency, charges not in
 * another schedule and not billed, billing periods covering the terms. Shared by create and by
 * updates that change the orders.
 * @since 0.1.0
 */
export function coverOrders(
  orders: readonly string[],
  specificSubscriptions: readonly SpecificSubscription[],
  context: CreateScheduleContext,
): Result<{ readonly charges: readonly ScheduleCharge[]; readonly total: Decimal }, CreateError> {
  for (let i = 0; i < orders.length; i++) {
    const orderNumber = orders[i] as string;
    if (orders.indexOf(orderNumber) !== i) {
      return err(
        scheduleError({
          type: 'DuplicateOrder',
          message: `Order ${orderNumber} is listed twice.`,
          orderNumber,
        }),
      );
    }
    const found = findOrder(orderNumber, context);
    if (found.isErr()) return err(found.error);
    const order = found.value;
    if (order.status !== 'Completed') {
      return err(
        scheduleError({
          type: 'OrderNotActivated',
          message: `Order ${orderNumber} is ${order.status}: activate it before putting it in an invoice schedule (§4.2 rule 1).`,
          orderNumber,
          status: order.status,
        }),
      );
    }
  }
  const covered = resolveCoveredCharges(orders, specificSubscriptions, context);
  if (covered.isErr()) return err(covered.error);
  const subscriptionCount = new Set(covered.value.map((c) => c.subscription.number)).size;
  if (subscriptionCount > SCHEDULE_LIMITS.subscriptions) {
    return err(limitExceeded('subscriptions', SCHEDULE_LIMITS.subscriptions, subscriptionCount));
  }
  if (covered.value.length === 0) {
    return err(
      scheduleError({
        type: 'NoChargesToSchedule',
        message: 'The orders (narrowed by specificSubscriptions) cover no one-time or recurring charge.',
        orders: orders,
      }),
    );
  }
  let total = ZERO;
  const exact: Rational[] = [];
  const charges: ScheduleCharge[] = [];
  for (const { orderNumber, subscription, chargeNumber } of covered.value) {
    const checked = checkSubscription(subscription, context);
    if (checked.isErr()) return err(checked.error);
    const key = `${subscription.number}/${chargeNumber}`;
    // Two orders can reach one subscription (C12: an Add Product order); cover each charge once.
    if (
      charges.some((c) => c.subscriptionNumber === subscription.number && c.chargeNumber === chargeNumber)
    ) {
      continue;
    }
    const inSchedule = context.scheduledCharges.get(key);
    if (inSchedule !== undefined) {
      return err(
        scheduleError({
          type: 'ChargeAlreadyScheduled',
          message: `Charge ${chargeNumber} of ${subscription.number} is already in invoice schedule ${inSchedule}; detach it there or leave it out (specificSubscriptions).`,
          subscriptionNumber: subscription.number,
          chargeNumber,
          invoiceScheduleNumber: inSchedule,
        }),
      );
    }
    const billedBy = context.billedCharges.get(key);
    if (billedBy !== undefined) {
      return err(
        scheduleError({
          type: 'ChargeAlreadyBilled',
          message: `Charge ${chargeNumber} of ${subscription.number} was billed by ${billedBy}; only unbilled charges can be scheduled (§4.2 rule 2).`,
          subscriptionNumber: subscription.number,
          chargeNumber,
          invoiceNumber: billedBy,
        }),
      );
    }
    const found = allCharges(subscription).find((c) => c.charge.number === chargeNumber);
    /* v8 ignore next */
    if (!found) throw new Error(`resolved charge ${key} vanished`);
    const months = billingPeriodMonths(found.charge);
    const term = chargeTermMonths(found.charge);
    if (found.charge.type === 'Recurring' && months !== null && compareRational(rational(months), term) < 0) {
      return err(
        scheduleError({
          type: 'BillingPeriodShorterThanTerm',
          message: `Charge ${chargeNumber} of ${subscription.number} is billed every ${months} months but its term is longer; a scheduled charge's billing period must cover its whole term (§4.2 rule 5).`,
          subscriptionNumber: subscription.number,
          chargeNumber,
          billingPeriodMonths: months,
          termMonths: `${term.num}/${term.den}`,
        }),
      );
    }
    exact.push(chargeValueExact(found.charge, found.ratePlan));
    charges.push(
      Object.freeze({
        orderNumber,
        subscriptionNumber: subscription.number,
        chargeNumber,
        billedAmount: ZERO,
        servedThrough: null,
        detached: false,
        detachment: null,
      }),
    );
  }
  // Rounded once over all charges, as execution bills them (decision 2): Σ item amounts must match.
  for (const value of chargeTargets(exact, context.currency, context.settings.rounding))
    total = total.plus(value);
  // The sum is made here (a new Decimal): frozen, so that the stores keep it as it is.
  return ok({ charges: Object.freeze(charges), total: frozenDecimal(total) });
}
