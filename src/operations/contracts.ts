import { err, ok, type ResultAsync } from 'neverthrow';
import { type Account, createAccount as parseAccount } from '../domain/account';
import type { DomainError } from '../domain/errors';
import {
  activateOrder as activate,
  type Order,
  type OrderActivation,
  createOrder as parseOrder,
} from '../domain/order';
import { type ScheduleError, scheduleError } from '../domain/schedule-errors';
import type { Subscription } from '../domain/subscription';
import type { BillingContext, VersionConflict } from '../ports';
import { async } from './common';

/**
 * Everything the contract operations can fail with.
 * @since 0.1.0
 */
export type ContractOperationError = DomainError | ScheduleError | VersionConflict;

/**
 * Creates and saves an account (input checked at run time). An existing number is a conflict.
 * @since 0.1.0
 */
export function saveNewAccount(
  context: BillingContext,
  input: unknown,
): ResultAsync<Account, ContractOperationError> {
  return async(
    context.store.transaction<Account, ContractOperationError>(async (repos) => {
      const account = parseAccount(input);
      if (account.isErr()) return err(account.error);
      const inserted = await repos.accounts.insert(account.value);
      if (inserted.isErr()) return err(inserted.error);
      return ok(account.value);
    }),
  );
}

/**
 * Creates and saves an order for an existing account (status Draft unless given). The order is
 * not applied until {@link activateSavedOrder}.
 * @since 0.1.0
 */
export function saveNewOrder(
  context: BillingContext,
  input: { readonly accountNumber: string } & Record<string, unknown>,
): ResultAsync<Order, ContractOperationError> {
  return async(
    context.store.transaction<Order, ContractOperationError>(async (repos) => {
      const accountNumber = typeof input === 'object' && input !== null ? input.accountNumber : undefined;
      const account = typeof accountNumber === 'string' ? await repos.accounts.get(accountNumber) : null;
      if (!account) {
        return err(
          scheduleError({
            type: 'AccountNotFound',
            message: `Account ${String(accountNumber)} does not exist; create it first.`,
            accountNumber: String(accountNumber),
          }),
        );
      }
      const order = parseOrder(input, account);
      if (order.isErr()) return err(order.error);
      if (await repos.orders.get(order.value.number)) {
        return err({
          type: 'VersionConflict',
          message: `Order ${order.value.number} already exists; use another order number.`,
          entity: 'Order',
          key: order.value.number,
          expectedVersion: 0,
          actualVersion: 1,
        });
      }
      await repos.orders.put(order.value);
      return ok(order.value);
    }),
  );
}

/**
 * Activates a saved order: applies its actions to the current subscriptions (a pure function)
 * and saves the order (Completed) with the created or changed subscriptions, atomically.
 * @since 0.1.0
 */
export function activateSavedOrder(
  context: BillingContext,
  input: { readonly orderNumber: string },
): ResultAsync<OrderActivation, ContractOperationError> {
  return async(
    context.store.transaction<OrderActivation, ContractOperationError>(async (repos) => {
      const order = await repos.orders.get(input.orderNumber);
      if (!order) {
        return err(
          scheduleError({
            type: 'OrderNotFound',
            message: `Order ${input.orderNumber} does not exist.`,
            orderNumber: input.orderNumber,
          }),
        );
      }
      const current: Subscription[] = [];
      for (const action of order.actions) {
        const sub = await repos.subscriptions.get(action.subscriptionNumber);
        if (sub && !current.includes(sub)) current.push(sub);
      }
      const activated = activate(order, current);
      if (activated.isErr()) return err(activated.error);
      for (const sub of activated.value.subscriptions) {
        const saved = await repos.subscriptions.save(sub);
        if (saved.isErr()) return err(saved.error);
      }
      await repos.orders.put(activated.value.order);
      return ok(activated.value);
    }),
  );
}
