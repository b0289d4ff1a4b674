import { err, ok, type Result } from 'neverthrow';
import type { BusinessDate } from '../../time/date';
import { type SubscriptionNotSchedulable, subscriptionNotSchedulable } from '../errors';
import type { RatePlan, RatePlanCharge } from './charge';

/**
 * A subscription as activated by an order: its term, owner, rate plans and charges. Immutable; every change
 * (by a later order action) produces a new value with `version + 1`.
 * @category Domain model
 * @since 0.1.0
 */
export interface Subscription {
  readonly number: string;
  /** Invoice owner account: the account billed for this subscription (§4.2 rule 6: one owner per schedule). */
  readonly accountNumber: string;
  /** ISO 4217 code; amounts of the charges are at its scale. */
  readonly currency: string;
  readonly termType: 'Termed' | 'Evergreen';
  readonly termStart: BusinessDate;
  /** Last day of the term, inclusive; null when evergreen. */
  readonly termEnd: BusinessDate | null;
  readonly status: 'Active' | 'Cancelled';
  /** "Invoice the subscription separately": schedules ignore it (§7.1, C34); standard billing honours it. */
  readonly invoiceSeparately: boolean;
  readonly ratePlans: readonly RatePlan[];
  /** Number of the order whose activation created this subscription. */
  readonly createdByOrder: string;
  /**
   * Accounts that owned the subscription before an Owner Transfer (§8.8), oldest first; absent
   * when it never moved. Billing history belongs to the charge (decision 17): what was billed or
   * credited for it is looked up on these accounts too.
   */
  readonly previousAccountNumbers?: readonly string[];
  /** 1 at creation; each change by an order adds 1 (optimistic concurrency). */
  readonly version: number;
}

/**
 * A charge together with the rate plan it belongs to; the rate plan is needed for its discounts.
 * @since 0.1.0
 */
export interface ChargeInPlan {
  readonly ratePlan: RatePlan;
  readonly charge: RatePlanCharge;
}

/**
 * Finds a charge of the subscription by charge number, with its rate plan; `undefined` when absent.
 * @since 0.1.0
 */
export function findCharge(sub: Subscription, chargeNumber: string): ChargeInPlan | undefined {
  for (let p = 0; p < sub.ratePlans.length; p++) {
    const ratePlan = sub.ratePlans[p] as RatePlan;
    // The first charge of that number, as `find` gives it.
    for (let c = 0; c < ratePlan.charges.length; c++) {
      const charge = ratePlan.charges[c] as RatePlanCharge;
      if (charge.number === chargeNumber) return Object.freeze({ ratePlan, charge });
    }
  }
  return undefined;
}

/**
 * Every charge of the subscription with its rate plan, in rate plan then charge order.
 * @since 0.1.0
 */
export function allCharges(sub: Subscription): readonly ChargeInPlan[] {
  const known = chargesOf.get(sub);
  if (known !== undefined) return known;
  // Sized up front (remembered as long as the subscription is kept): `flatMap` leaves slack.
  let count = 0;
  for (const ratePlan of sub.ratePlans) count += ratePlan.charges.length;
  const list: ChargeInPlan[] = new Array(count);
  let at = 0;
  for (const ratePlan of sub.ratePlans)
    for (const charge of ratePlan.charges) list[at++] = Object.freeze({ ratePlan, charge });
  const out: readonly ChargeInPlan[] = Object.freeze(list);
  // Only a subscription that cannot change (a stored one: frozen through its rate plans) is remembered.
  if (
    Object.isFrozen(sub) &&
    Object.isFrozen(sub.ratePlans) &&
    sub.ratePlans.every((rp) => Object.isFrozen(rp) && Object.isFrozen(rp.charges))
  )
    chargesOf.set(sub, out);
  return out;
}

/**
 * The accounts that own or owned the subscription, its owner first: a document of its charges goes to the
 * account owning it when issued (decision 17), so their documents can sit on any of them. @internal
 */
export function ownersOf(sub: Subscription): readonly string[] {
  return [sub.accountNumber, ...(sub.previousAccountNumbers ?? [])];
}

/** {@link allCharges} of frozen subscriptions, kept as long as the subscription is. */
const chargesOf = new WeakMap<Subscription, readonly ChargeInPlan[]>();

/**
 * Whether an invoice schedule may cover the subscription (§4.2 rule 1): it must be termed and active.
 * Returns the subscription, or a {@link SubscriptionNotSchedulable} whose `reason` is `Evergreen` or `Cancelled`.
 * @since 0.1.0
 */
export function isSchedulable(sub: Subscription): Result<Subscription, SubscriptionNotSchedulable> {
  if (sub.termType === 'Evergreen') return err(subscriptionNotSchedulable(sub.number, 'Evergreen'));
  if (sub.status !== 'Active') return err(subscriptionNotSchedulable(sub.number, 'Cancelled'));
  return ok(sub);
}
