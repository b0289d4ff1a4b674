import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import { type Account, createAccount as parseAccount } from '../domain/contract/account';
import { allCharges, type Subscription } from '../domain/contract/subscription';
import { type DomainError, type InvalidInput, invalidInput } from '../domain/errors';
import { type Order, type OrderActivation, createOrder as parseOrder } from '../domain/order/order';
import { accountNotFound, orderNotFound, type ScheduleError } from '../domain/schedule/errors';
import { decideOrderActivation, namedOwners } from '../domain/schedule/order-change';
import type { InvoiceSchedule } from '../domain/schedule/schedule';
import type { BillingContext, InvalidContext, StoreConflict, VersionConflict } from '../ports';
import {
  claimAccounts,
  EXPECTED_NUMBER,
  loadCoveredSubscriptions,
  OPTIONAL_FIELDS,
  requireFields,
} from './common';
import { type Emitted, mutation, transact } from './operation';

/**
 * Everything the contract operations can fail with.
 * @category Errors
 * @since 0.1.0
 */
export type ContractOperationError =
  | DomainError
  | ScheduleError
  | VersionConflict
  | StoreConflict
  | InvalidContext;

/**
 * Creates and saves an account (input checked at run time). An existing number is a conflict. Accounts are
 * found by `number` only: the `id` is yours, stored as given and not checked for uniqueness.
 * @example
 * ```ts
 * const saved = await saveNewAccount(context, { id: 'a1', number: 'A-001', name: 'Acme', currency: 'USD' });
 * if (saved.isErr()) console.error(`${saved.error.type}: ${saved.error.message}`);
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function saveNewAccount(
  context: BillingContext,
  input: unknown,
): ResultAsync<Emitted<Account>, ContractOperationError> {
  return mutation(
    context,
    input,
    async (context, input): Promise<Result<Account, ContractOperationError>> => {
      const account = parseNewAccount(input);
      if (account.isErr()) return err(account.error);
      return transact(context, async (repos): Promise<Result<Account, VersionConflict>> => {
        const inserted = await repos.accounts.insert(account.value);
        if (inserted.isErr()) return err(inserted.error);
        return ok(account.value);
      });
    },
  );
}

/**
 * Creates and saves an order for an existing account (status Draft unless given). The order is
 * not applied until {@link activateSavedOrder}.
 * @example
 * ```ts
 * // actions: plain objects such as { type: 'CreateSubscription', subscriptionNumber: 'S1', ... }
 * const order = await saveNewOrder(context, {
 *   number: 'O-0001',
 *   accountNumber: 'A-001',
 *   orderDate: '2023-01-01',
 *   actions,
 * });
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function saveNewOrder(
  context: BillingContext,
  input: { readonly accountNumber: string } & Record<string, unknown>,
): ResultAsync<Emitted<Order>, ContractOperationError> {
  return mutation(context, input, async (context, input): Promise<Result<Order, ContractOperationError>> => {
    // The order is parsed once the account is read (its currency), inside the transaction: `input` is the
    // copy `mutation` took during the call, so a caller that changes its input afterwards changes nothing saved.
    const keys = readNewOrderKeys(input);
    if (keys.isErr()) return err(keys.error);
    const { accountNumber } = keys.value;
    return transact(context, async (repos): Promise<Result<Order, ContractOperationError>> => {
      const account = await repos.accounts.get(accountNumber);
      if (!account) return err(accountNotFound(accountNumber));
      const order = parseNewOrder(input, account);
      if (order.isErr()) return err(order.error);
      // Insert-once: of two concurrent saves of one number, the second conflicts instead of replacing it.
      const inserted = await repos.orders.insert(order.value);
      if (inserted.isErr()) {
        return err<never, VersionConflict>({
          ...inserted.error,
          message: `Order ${order.value.number} already exists; use another order number.`,
        });
      }
      return ok(order.value);
    });
  });
}

/** What `saveNewAccount` checks: the fields named one by one, then `createAccount`. @internal */
export function parseNewAccount(input: unknown): Result<Account, DomainError> {
  return requireFields('The account', input, {
    id: 'a non-blank string (a stable id chosen by the host, e.g. a UUID)',
    number: 'a non-blank string such as "A-001"',
    name: 'a non-blank string',
    currency: 'an ISO 4217 currency code such as "USD"',
  }).andThen(() => parseAccount(input));
}

/** The keys `saveNewOrder` checks before it reads the account: the order's number and account. @internal */
export function readNewOrderKeys(input: unknown): Result<{ readonly accountNumber: string }, InvalidInput> {
  return requireFields('The order', input, {
    number: 'a non-blank string such as "O-0001"',
    accountNumber: EXPECTED_NUMBER.accountNumber,
  });
}

/**
 * Parses an order to save for `account` (`createOrder`), refusing the status `Completed`, which only
 * activation gives. What `saveNewOrder` checks once it has read the account. @internal
 */
export function parseNewOrder(input: unknown, account: Account): Result<Order, DomainError> {
  return parseOrder(input, account).andThen((order) =>
    order.status === 'Completed'
      ? err(
          invalidInput(
            'status',
            "'Draft' or 'Pending' (an order is Completed only by activateSavedOrder)",
            'Completed',
          ),
        )
      : ok(order),
  );
}

/**
 * Activates a saved order: applies its actions to the current subscriptions (a pure function)
 * and saves the order (Completed) with the created or changed subscriptions, atomically.
 * @example
 * ```ts
 * const activation = await activateSavedOrder(context, { orderNumber: 'O-0001' });
 * if (activation.isOk()) console.log(activation.value.subscriptions.map((s) => s.number));
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function activateSavedOrder(
  context: BillingContext,
  input: { readonly orderNumber: string },
): ResultAsync<Emitted<OrderActivation>, ContractOperationError> {
  return mutation(
    context,
    input,
    async (context, input): Promise<Result<OrderActivation, ContractOperationError>> => {
      const fields = requireFields(
        'activateSavedOrder',
        input,
        {
          orderNumber: EXPECTED_NUMBER.orderNumber,
        },
        OPTIONAL_FIELDS.none,
      );
      if (fields.isErr()) return err(fields.error);
      const { orderNumber } = fields.value;
      return transact(context, async (repos): Promise<Result<OrderActivation, ContractOperationError>> => {
        const order = await repos.orders.get(orderNumber);
        if (!order) return err(orderNotFound(orderNumber));
        // The order changes what its accounts bill: claim them (the order's, the subscriptions' owners, new owners
        // and invoice owners) before reading the subscriptions and schedules the change is decided on.
        const owners = [order.accountNumber];
        for (const action of order.actions) {
          const sub = await repos.subscriptions.get(action.subscriptionNumber);
          if (sub) owners.push(sub.accountNumber);
          if (action.type === 'OwnerTransfer') owners.push(action.newOwnerAccountNumber);
          if (action.type === 'CreateSubscription' && action.invoiceOwnerAccountNumber !== undefined)
            owners.push(action.invoiceOwnerAccountNumber);
        }
        const held = new Set<string>();
        /** Claims those of `accounts` not held yet; whether there were any. */
        const claimMore = async (accounts: readonly string[]): Promise<boolean> => {
          const fresh = [...new Set(accounts)].filter((a) => !held.has(a));
          await claimAccounts(repos, fresh);
          for (const a of fresh) held.add(a);
          return fresh.length > 0;
        };
        await claimMore(owners);
        // Read again under the claims: a concurrent activation of this order may have committed meanwhile.
        // An owner that changed since the first reads (an owner transfer), or a schedule on another account
        // (§8.8), is claimed too, and everything is read again under that claim: a schedule created on the
        // new owner meanwhile must be among those the order is checked against.
        let claimed: Order | null;
        let current: Subscription[];
        // The schedules whose charges the order touches (§8.9), by number.
        let schedules: Map<string, InvoiceSchedule>;
        do {
          claimed = await repos.orders.get(orderNumber);
          if (!claimed) return err(orderNotFound(orderNumber));
          current = [];
          for (const action of claimed.actions) {
            const sub = await repos.subscriptions.get(action.subscriptionNumber);
            if (sub && !current.some((c) => c.number === sub.number)) current.push(sub);
          }
          schedules = new Map();
          for (const sub of current) {
            for (const { charge } of allCharges(sub)) {
              for (const schedule of await repos.invoiceSchedules.listByCharge(sub.number, charge.number)) {
                schedules.set(schedule.number, schedule);
              }
            }
          }
        } while (
          await claimMore([
            ...current.map((s) => s.accountNumber),
            ...[...schedules.values()].map((s) => s.accountNumber),
          ])
        );
        const before = new Map(current.map((s) => [s.number, s]));
        // §8.8 "fully billed" looks at every charge of a touched schedule, so the check needs the schedules'
        // other subscriptions too (C16: moving S1 alone once S2's charge is fully billed as well).
        for (const schedule of schedules.values()) {
          for (const [n, s] of await loadCoveredSubscriptions(repos, schedule))
            if (!before.has(n)) before.set(n, s);
        }
        const accounts = new Map<string, Account>();
        for (const number of namedOwners(claimed)) {
          const account = await repos.accounts.get(number);
          if (account) accounts.set(number, account);
        }
        const decided = decideOrderActivation({
          order: claimed,
          current,
          schedules: [...schedules.values()],
          before,
          accounts,
          settings: context.settings,
        });
        if (decided.isErr()) return err(decided.error);
        const activated = decided.value.activation;
        for (const sub of activated.subscriptions) {
          const saved = await repos.subscriptions.save(sub);
          if (saved.isErr()) return err(saved.error);
        }
        for (const schedule of decided.value.schedules) {
          const saved = await repos.invoiceSchedules.save(schedule);
          if (saved.isErr()) return err(saved.error);
        }
        await repos.orders.put(activated.order);
        return ok(activated);
      });
    },
  );
}
