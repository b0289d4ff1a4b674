// Activating an order, purely: the caller persists the result.
import { err, ok, type Result } from 'neverthrow';
import type { Subscription } from '../contract/subscription';
import { type DomainError, frozenCopy, joinPath } from '../errors';
import { startActivation } from './activation-state';
import { applyAction } from './handlers';
import type { Order, OrderActivation } from './model';

/**
 * The subscriptions as they are before each action of the order (index i: before `order.actions[i]`; the last
 * entry: after every action), applying the actions one by one from `current`. Stops at the first action that
 * fails, so the list is shorter then. Used by the schedule rule check (§8.9) to judge each action in context.
 * @internal
 */
export function subscriptionsBeforeEachAction(
  order: Order,
  current: Iterable<Subscription>,
): readonly ReadonlyMap<string, Subscription>[] {
  let state = startActivation(order, current);
  const out: ReadonlyMap<string, Subscription>[] = [state.subscriptions];
  for (const [i, action] of order.actions.entries()) {
    const next = applyAction(state, action, joinPath('actions', i));
    if (next.isErr()) break;
    state = next.value;
    out.push(state.subscriptions);
  }
  return out;
}

/**
 * Activates an order, purely: applies its actions in order to the `current` subscriptions and returns the order
 * as `Completed` with the subscriptions it created or changed (only those; version 1 for new ones, status
 * Active, `createdByOrder` the order number, the order's currency; a changed subscription gets `version + 1`
 * once per order, however many of its actions touch it). Refuses an order that is already Completed, a
 * subscription number that already exists, and any action that breaks its rules (the first one, with its
 * path), among them a removal, cancellation or renewal that would need a day outside the supported years
 * 0001–9999 (an `InvalidInput`: a charge or term starting 0001-01-01 removed from its start, a term renewed past
 * 9999-12-31), and an Update Product (a new price or quantity), a Terms and Conditions (a new term end a charge
 * follows) or a Renew (a renewal segment) that makes a charge worth more than an amount can be (an
 * `InvalidAmount`: 30 digits before the decimal point). Inputs are never mutated; outputs are deep-frozen,
 * and share the parts of the inputs that were frozen through and through already (a new subscription's rate
 * plans are the order's).
 * @since 0.1.0
 */
export function activateOrder(
  order: Order,
  current: readonly Subscription[],
): Result<OrderActivation, DomainError> {
  if (order.status === 'Completed') {
    return err(
      Object.freeze({
        type: 'OrderAlreadyActivated' as const,
        message: `Order ${order.number} is already Completed; its actions were applied when it was activated. Create a new order for further changes.`,
        orderNumber: order.number,
      }),
    );
  }
  let state = startActivation(order, current);
  for (const [i, action] of order.actions.entries()) {
    const next = applyAction(state, action, joinPath('actions', i));
    if (next.isErr()) return err(next.error);
    state = next.value;
  }
  const subscriptions = state.changed.map((n) => state.subscriptions.get(n)!);
  return ok(frozenCopy({ order: { ...order, status: 'Completed' as const }, subscriptions }));
}
