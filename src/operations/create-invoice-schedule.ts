import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import type { DomainError, SubscriptionNotSchedulable } from '../domain/errors';
import {
  type CreateInvoiceScheduleInput,
  checkCreateRequest,
  createInvoiceScheduleFrom,
  parseCreateInvoiceScheduleInput,
} from '../domain/schedule/create';
import type { ParsedCreateInput } from '../domain/schedule/create-request';
import { accountNotFound, type ScheduleError } from '../domain/schedule/errors';
import type { InvoiceSchedule } from '../domain/schedule/schedule';
import { getCurrency } from '../money/currency';
import type { BillingContext, InvalidContext, Repositories, StoreConflict, VersionConflict } from '../ports';
import { claimAccounts, loadCoverage, nextNumber } from './common';
import { firstScheduleResult, replayedSchedule } from './first-result';
import { idempotentCall, keyedTransaction } from './idempotency';
import { type Emitted, mutation } from './operation';

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
 * The request's own fields are checked first (shape, limits, each item's amount or percentage, run dates'
 * order), then what needs the store (the account, the orders and their charges, amounts at the currency's
 * scale adding up to the total). Nothing is saved when it fails. With an `idempotencyKey`, a retry returns the first result.
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
  return mutation(
    context,
    input,
    async (context, input): Promise<Result<InvoiceSchedule, CreateInvoiceScheduleError>> => {
      const request = parseCreateInvoiceScheduleInput(input);
      if (request.isErr()) return err(request.error);
      const call = idempotentCall(OPERATION, input);
      if (call.isErr()) return err(call.error);
      // Every check of the request's own fields before anything is read: a malformed amount is refused as
      // such, not as the account missing or a charge already scheduled.
      const shaped = checkCreateRequest(request.value);
      if (shaped.isErr()) return err(shaped.error);
      return keyedTransaction(
        context,
        call.value,
        replayedSchedule,
        (repos) => createInTransaction(context, repos, request.value),
        (created, repos) => firstScheduleResult(repos, created),
      );
    },
  );
}

/** The work of `createInvoiceSchedule`'s transaction, after its key was recalled: claim, load, decide, save. */
async function createInTransaction(
  context: BillingContext,
  repos: Repositories,
  request: ParsedCreateInput,
): Promise<Result<InvoiceSchedule, CreateInvoiceScheduleError>> {
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
  const currency = getCurrency(firstSub?.currency ?? account.currency);
  if (currency.isErr()) return err(currency.error);
  const number = await nextNumber(repos, 'InvoiceSchedule');
  const ids = {
    id: context.ids.next('InvoiceSchedule'),
    number,
    itemIds: request.items.map(() => context.ids.next('InvoiceScheduleItem')),
  };
  const created = createInvoiceScheduleFrom(
    request,
    {
      account,
      currency: currency.value,
      orders,
      subscriptions,
      scheduledCharges,
      billedCharges,
      settings: context.settings,
    },
    ids,
  );
  if (created.isErr()) return err(created.error);
  const saved = await repos.invoiceSchedules.save(created.value);
  if (saved.isErr()) return err(saved.error);
  return ok(created.value);
}
