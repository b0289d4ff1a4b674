import { err, ok, type ResultAsync } from 'neverthrow';
import type { DomainError, SubscriptionNotSchedulable } from '../domain/errors';
import {
  type CreateInvoiceScheduleInput,
  createInvoiceScheduleFrom,
  parseCreateInvoiceScheduleInput,
} from '../domain/schedule/create';
import { accountNotFound, type ScheduleError } from '../domain/schedule/errors';
import type { InvoiceSchedule } from '../domain/schedule/schedule';
import { getCurrency } from '../money/currency';
import type { BillingContext, InvalidContext, StoreConflict, VersionConflict } from '../ports';
import { claimAccounts, loadCoverage, loadSchedule, nextNumber } from './common';
import { answeredOnce, idempotentCall, recalled, remember } from './idempotency';
import { type Emitted, inTransaction, mutation } from './operation';

/**
 * Everything creating a schedule can fail with.
 * @category Errors
 * @since 0.1.0
 */
export type CreateInvoiceScheduleError =
  | ScheduleError
  | DomainError
  | SubscriptionNotSchedulable
  | VersionConflict
  | StoreConflict
  | InvalidContext;

const OPERATION = 'createInvoiceSchedule';

/**
 * Creates an invoice schedule on activated orders (reference §4): checks every rule of §4.2
 * and the limits of §9, resolves percentages, and saves the schedule with all items Pending.
 * Nothing is saved when it fails. With an `idempotencyKey`, a retry returns the first result.
 * @example
 * ```ts
 * const created = await createInvoiceSchedule(context, {
 *   accountNumber: 'A-001',
 *   orders: ['O-0001'],
 *   items: [
 *     { name: 'Kick-off', runDate: '2023-02-04', amount: '50000.00' },
 *     { name: 'Final', runDate: '2023-09-16', amount: '20200.00' },
 *   ],
 * });
 * if (created.isErr()) console.error(created.error.type); // e.g. ScheduleTotalMismatch
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function createInvoiceSchedule(
  context: BillingContext,
  input: CreateInvoiceScheduleInput,
): ResultAsync<Emitted<InvoiceSchedule>, CreateInvoiceScheduleError> {
  return mutation(context, async function* (context) {
    const request = yield* parseCreateInvoiceScheduleInput(input);
    const call = yield* idempotentCall(OPERATION, input);
    return answeredOnce(context.store, call, () =>
      inTransaction(context, async function* (repos) {
        const previous = yield* await recalled(repos, call);
        if (previous !== null) return loadSchedule(repos, previous);
        // Coverage is read after the claim: a concurrent create or bill run of the account has committed.
        await claimAccounts(repos, [request.accountNumber]);
        const account = await repos.accounts.get(request.accountNumber);
        if (!account) return err(accountNotFound(request.accountNumber));
        const { orders, subscriptions, scheduledCharges, billedCharges } = await loadCoverage(
          repos,
          request.orders,
          request.specificSubscriptions,
          null,
        );
        const firstSub = [...subscriptions.values()][0];
        const currency = yield* getCurrency(firstSub?.currency ?? account.currency);
        const number = await nextNumber(repos, 'InvoiceSchedule');
        const ids = {
          id: context.ids.next('InvoiceSchedule'),
          number,
          itemIds: request.items.map(() => context.ids.next('InvoiceScheduleItem')),
        };
        const created = yield* createInvoiceScheduleFrom(
          request,
          {
            account,
            currency,
            orders,
            subscriptions,
            scheduledCharges,
            billedCharges,
            settings: context.settings,
          },
          ids,
        );
        yield* await repos.invoiceSchedules.save(created);
        yield* await remember(repos, call, created.number);
        return ok(created);
      }),
    );
  });
}
