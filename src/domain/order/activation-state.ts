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

/** The subscription (in the activation state) that already uses a charge number, if any. */
export function chargeNumberOwner(state: ActivationState, chargeNumber: string): Subscription | undefined {
  for (const sub of state.subscriptions.values()) {
    if (sub.ratePlans.some((rp) => rp.charges.some((c) => c.number === chargeNumber))) return sub;
  }
  return undefined;
}
