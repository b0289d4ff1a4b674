// The state an order's actions are applied to, one after the other, and the helpers every handler uses.
import { err, ok, type Result } from 'neverthrow';
import type { Subscription } from '../contract/subscription';
import { type DomainError, joinPath } from '../errors';
import type { Order, OrderAction } from './model';

/** The subscriptions as seen while applying an order's actions one after the other. */
export interface ActivationState {
  readonly order: Order;
  readonly subscriptions: ReadonlyMap<string, Subscription>;
  /** Numbers of the subscriptions created or changed so far, in first-change order. */
  readonly changed: readonly string[];
}

/** Applies one action of the order to the state; `path` locates the action (`actions[2]`). */
export type ActionHandler<A extends OrderAction> = (
  state: ActivationState,
  action: A,
  path: string,
) => Result<ActivationState, DomainError>;

/** The state before the order's first action: the `current` subscriptions, nothing changed yet. */
export function startActivation(order: Order, current: Iterable<Subscription>): ActivationState {
  return { order, subscriptions: new Map([...current].map((s) => [s.number, s])), changed: [] };
}

export function withSubscription(state: ActivationState, sub: Subscription): ActivationState {
  const subscriptions = new Map(state.subscriptions);
  subscriptions.set(sub.number, sub);
  const changed = state.changed.includes(sub.number) ? state.changed : [...state.changed, sub.number];
  return { order: state.order, subscriptions, changed };
}

/**
 * Stores a changed subscription: `version + 1` the first time the order changes it (a save then replaces
 * exactly the stored version), unchanged for later actions of the same order on the same subscription.
 */
export function withChanged(
  state: ActivationState,
  before: Subscription,
  next: Subscription,
): ActivationState {
  const version = state.changed.includes(before.number) ? before.version : before.version + 1;
  return withSubscription(state, { ...next, version });
}

/** The subscription an action changes: it must exist and be active (a cancelled subscription no longer changes). */
export function target(
  state: ActivationState,
  subscriptionNumber: string,
  path: string,
): Result<Subscription, DomainError> {
  const sub = state.subscriptions.get(subscriptionNumber);
  if (sub === undefined) {
    return err(
      Object.freeze({
        type: 'UnknownSubscription' as const,
        message: `${path}: subscription ${subscriptionNumber} does not exist; create it first (Create Subscription) or fix the number.`,
        path: joinPath(path, 'subscriptionNumber'),
        subscriptionNumber,
      }),
    );
  }
  if (sub.status !== 'Active') {
    return err(
      Object.freeze({
        type: 'SubscriptionNotActive' as const,
        message: `${path}: subscription ${subscriptionNumber} is ${sub.status}; a cancelled subscription cannot change. Create a new subscription instead.`,
        path: joinPath(path, 'subscriptionNumber'),
        subscriptionNumber,
        status: sub.status,
      }),
    );
  }
  return ok(sub);
}

/** A charge number's owner in an activation state: the first subscription using it, and its place. */
export interface ChargeOwner {
  readonly subscription: Subscription;
  /** The subscription's place in the state's subscriptions (their iteration order). */
  readonly at: number;
}

/**
 * The owners of `numbers` among the state's subscriptions (each number's first), in one pass over their charges.
 * An action asked every charge of every subscription once per charge of its own, so an order of 1,000 Create
 * Subscription actions of 10 charges took over 4 s to activate (review 209); one pass per action with a set lookup
 * per charge is what is left of that.
 */
export function chargeOwners(
  state: ActivationState,
  numbers: readonly string[],
): ReadonlyMap<string, ChargeOwner> {
  const wanted = new Set(numbers);
  const owners = new Map<string, ChargeOwner>();
  let at = 0;
  for (const subscription of state.subscriptions.values()) {
    for (const ratePlan of subscription.ratePlans) {
      for (const charge of ratePlan.charges) {
        if (wanted.has(charge.number) && !owners.has(charge.number))
          owners.set(charge.number, { subscription, at });
      }
    }
    at += 1;
  }
  return owners;
}
