import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import {
  type DomainError,
  type InvalidInput,
  invalidInput,
  type SubscriptionNotSchedulable,
} from '../domain/errors';
import type { CreateScheduleContext } from '../domain/schedule/create';
import { attachCharges, type ChargeSelection, detachCharges } from '../domain/schedule/detach';
import type { ScheduleError } from '../domain/schedule/errors';
import { chargeCredits, chargeStates, reviseSchedule } from '../domain/schedule/execute';
import { chargeKey, type InvoiceSchedule } from '../domain/schedule/schedule';
import {
  checkDeletable,
  parseUpdateInvoiceScheduleInput,
  pauseSchedule,
  resumeSchedule,
  type UpdateInvoiceScheduleInput,
  updateInvoiceScheduleWith,
} from '../domain/schedule/update';
import { getCurrency } from '../money/currency';
import type { BillingContext, InvalidContext, Repositories, VersionConflict } from '../ports';
import {
  EXPECTED_NUMBER,
  loadCoverage,
  loadCoveredSubscriptions,
  loadSchedule,
  recalled,
  remember,
  requireFields,
  withContext,
} from './common';

/**
 * Everything updating a schedule can fail with.
 * @category Errors
 * @since 0.1.0
 */
export type UpdateInvoiceScheduleError =
  | ScheduleError
  | DomainError
  | SubscriptionNotSchedulable
  | VersionConflict
  | InvalidContext;

const UPDATE = 'updateInvoiceSchedule';

async function loadCreateContext(
  context: BillingContext,
  repos: Repositories,
  schedule: InvoiceSchedule,
  orders: readonly string[],
  specific: readonly { subscriptionNumber: string }[],
): Promise<Result<CreateScheduleContext, UpdateInvoiceScheduleError>> {
  const account = await repos.accounts.get(schedule.accountNumber);
  /* v8 ignore next 3 */
  if (!account)
    throw new Error(`Account ${schedule.accountNumber} of ${schedule.number} is missing from the store.`);
  const coverage = await loadCoverage(repos, orders, specific, schedule.number);
  const currency = getCurrency(schedule.currency);
  if (currency.isErr()) return err(currency.error);
  return ok({
    account,
    currency: currency.value,
    ...coverage,
    settings: context.settings,
  });
}

/**
 * Updates a schedule with replace semantics (reference §5.1): items with an id are updated,
 * items without one are added, stored items left out are deleted; processed items must come
 * back unchanged; orders change only while Pending and refresh `totalAmount` (C12); notes and
 * `invoiceSeparately` can change in every status (decision 10); `nextRunDate` overrides the
 * default (§6.6), and changing items recomputes it (decision 8). `invoiceScheduleNumber` takes
 * the schedule's number or its id (§10, "Keys").
 * @example
 * ```ts
 * const updated = await updateInvoiceSchedule(context, {
 *   invoiceScheduleNumber: 'IS-00000001',
 *   notes: 'milestones agreed',
 * });
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function updateInvoiceSchedule(
  context: BillingContext,
  input: UpdateInvoiceScheduleInput,
): ResultAsync<InvoiceSchedule, UpdateInvoiceScheduleError> {
  return withContext<InvoiceSchedule, UpdateInvoiceScheduleError>(context, async () => {
    const parsed = parseUpdateInvoiceScheduleInput(input);
    if (parsed.isErr()) return err(parsed.error);
    const request = parsed.value;
    return context.store.transaction<InvoiceSchedule, UpdateInvoiceScheduleError>(async (repos) => {
      const previous = await recalled(repos, request.idempotencyKey, UPDATE);
      if (previous.isErr()) return err(previous.error);
      if (previous.value !== null) return loadSchedule(repos, request.invoiceScheduleNumber);
      const loaded = await loadSchedule(repos, request.invoiceScheduleNumber);
      if (loaded.isErr()) return err(loaded.error);
      const schedule = loaded.value;
      let createContext: CreateScheduleContext | null = null;
      if (request.orders !== null || request.specificSubscriptions !== null || request.items !== null) {
        const built = await loadCreateContext(
          context,
          repos,
          schedule,
          request.orders ?? schedule.orders,
          request.specificSubscriptions ?? schedule.specificSubscriptions,
        );
        if (built.isErr()) return err(built.error);
        createContext = built.value;
      }
      const updated = updateInvoiceScheduleWith(schedule, request, createContext, () =>
        context.ids.next('InvoiceScheduleItem'),
      );
      if (updated.isErr()) return err(updated.error);
      // An items update recomputes nextRunDate (§6.6 rule 2); a credit still due keeps it on the
      // credit's start (rule 3) unless the request sets a date itself.
      let next = updated.value;
      if (request.nextRunDate === undefined) {
        const revised = await reviseWithCharges(context, repos, next);
        if (revised.isErr()) return err(revised.error);
        next = revised.value;
      }
      const saved = await repos.invoiceSchedules.save(next);
      if (saved.isErr()) return err(saved.error);
      const remembered = await remember(repos, request.idempotencyKey, UPDATE, next.number);
      if (remembered.isErr()) return err(remembered.error);
      return ok(next);
    });
  });
}

function simpleTransition(operation: string, change: (schedule: InvoiceSchedule) => InvoiceSchedule) {
  return (
    context: BillingContext,
    input: { readonly invoiceScheduleNumber: string },
  ): ResultAsync<InvoiceSchedule, ScheduleError | InvalidInput | VersionConflict | InvalidContext> =>
    withContext<InvoiceSchedule, ScheduleError | InvalidInput | VersionConflict>(context, async () => {
      const given = requireFields(operation, input, {
        invoiceScheduleNumber: EXPECTED_NUMBER.invoiceScheduleNumber,
      });
      if (given.isErr()) return err(given.error);
      return context.store.transaction<InvoiceSchedule, ScheduleError | VersionConflict>(async (repos) => {
        const loaded = await loadSchedule(repos, given.value.invoiceScheduleNumber);
        if (loaded.isErr()) return err(loaded.error);
        const next = change(loaded.value);
        if (next === loaded.value) return ok(next);
        const saved = await repos.invoiceSchedules.save(next);
        if (saved.isErr()) return err(saved.error);
        return ok(next);
      });
    });
}

/**
 * Pauses a schedule in any status (reference §5.3): bill runs and execute skip it until resumed.
 * Pausing a paused schedule returns it unchanged. `invoiceScheduleNumber` takes the schedule's
 * number or its id (§10, "Keys").
 * @example
 * ```ts
 * const paused = await pauseInvoiceSchedule(context, { invoiceScheduleNumber: 'IS-00000001' });
 * if (paused.isOk()) console.log(paused.value.status); // Paused
 * ```
 * @category Operations
 * @since 0.1.0
 */
export const pauseInvoiceSchedule = simpleTransition('pauseInvoiceSchedule', pauseSchedule);

/**
 * Resumes a paused schedule: it gets back the status it had before (reference §5.3).
 * Resuming a schedule that is not paused returns it unchanged. `invoiceScheduleNumber` takes the
 * schedule's number or its id (§10, "Keys").
 * @example
 * ```ts
 * const resumed = await resumeInvoiceSchedule(context, { invoiceScheduleNumber: 'IS-00000001' });
 * if (resumed.isOk()) console.log(resumed.value.status); // the status it had before the pause
 * ```
 * @category Operations
 * @since 0.1.0
 */
export const resumeInvoiceSchedule = simpleTransition('resumeInvoiceSchedule', resumeSchedule);

/**
 * Deletes a schedule; only while Pending (reference §5.2, C17). Its charges are released.
 * `invoiceScheduleNumber` takes the schedule's number or its id (§10, "Keys").
 * @example
 * ```ts
 * const deleted = await deleteInvoiceSchedule(context, { invoiceScheduleNumber: 'IS-00000001' });
 * if (deleted.isErr()) console.error(deleted.error.type); // InvalidScheduleStatus unless Pending
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function deleteInvoiceSchedule(
  context: BillingContext,
  input: { readonly invoiceScheduleNumber: string },
): ResultAsync<InvoiceSchedule, ScheduleError | InvalidInput | VersionConflict | InvalidContext> {
  return withContext<InvoiceSchedule, ScheduleError | InvalidInput | VersionConflict>(context, async () => {
    const given = requireFields('deleteInvoiceSchedule', input, {
      invoiceScheduleNumber: EXPECTED_NUMBER.invoiceScheduleNumber,
    });
    if (given.isErr()) return err(given.error);
    return context.store.transaction<InvoiceSchedule, ScheduleError | VersionConflict>(async (repos) => {
      const loaded = await loadSchedule(repos, given.value.invoiceScheduleNumber);
      if (loaded.isErr()) return err(loaded.error);
      const deletable = checkDeletable(loaded.value);
      if (deletable.isErr()) return err(deletable.error);
      const removed = await repos.invoiceSchedules.remove(loaded.value.number, loaded.value.version);
      if (removed.isErr()) return err(removed.error);
      return ok(loaded.value);
    });
  });
}

/**
 * A detach or attach request: the schedule and the charges, as `{ subscriptionNumber,
 * chargeNumbers }` (an empty list names all of the subscription's charges in the schedule).
 * @category Inputs
 * @since 0.1.0
 */
export interface ChargeSelectionInput {
  /** The schedule's number or its id (§10, "Keys"). */
  readonly invoiceScheduleNumber: string;
  readonly specificSubscriptions: readonly ChargeSelection[];
}

async function reviseWithCharges(
  context: BillingContext,
  repos: Repositories,
  schedule: InvoiceSchedule,
): Promise<Result<InvoiceSchedule, ScheduleError>> {
  const states = chargeStates(
    schedule,
    await loadCoveredSubscriptions(repos, schedule),
    context.settings.rounding,
    context.settings.chargeGrouping,
  );
  if (states.isErr()) return err(states.error);
  return ok(reviseSchedule(schedule, states.value));
}

function checkSelections(operation: string, input: ChargeSelectionInput): Result<void, DomainError> {
  const given = requireFields(operation, input, {
    invoiceScheduleNumber: EXPECTED_NUMBER.invoiceScheduleNumber,
  });
  if (given.isErr()) return err(given.error);
  if (!Array.isArray(input.specificSubscriptions) || input.specificSubscriptions.length === 0) {
    return err(
      invalidInput(
        'specificSubscriptions',
        'a non-empty array of { subscriptionNumber, chargeNumbers }',
        input.specificSubscriptions,
      ),
    );
  }
  for (const [i, s] of input.specificSubscriptions.entries()) {
    if (
      typeof s?.subscriptionNumber !== 'string' ||
      !Array.isArray(s.chargeNumbers) ||
      (s.chargeNumbers as readonly unknown[]).some((c) => typeof c !== 'string')
    ) {
      return err(
        invalidInput(
          `specificSubscriptions[${i}]`,
          '{ subscriptionNumber: string, chargeNumbers: string[] }',
          s,
        ),
      );
    }
  }
  return ok(undefined);
}

/**
 * Detaches charges from a schedule (reference §5.4): the schedule must be Partially or Fully
 * Processed and all its invoices posted. Later items stop billing them; `actualAmount` keeps
 * what was billed on them (C30: 36,250 → 40,000).
 * @example
 * ```ts
 * const detached = await detachInvoiceScheduleCharges(context, {
 *   invoiceScheduleNumber: 'IS-00000001',
 *   specificSubscriptions: [{ subscriptionNumber: 'S3', chargeNumbers: ['C3'] }],
 * });
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function detachInvoiceScheduleCharges(
  context: BillingContext,
  input: ChargeSelectionInput,
): ResultAsync<InvoiceSchedule, ScheduleError | DomainError | VersionConflict | InvalidContext> {
  return withContext<InvoiceSchedule, ScheduleError | DomainError | VersionConflict>(context, async () => {
    const checked = checkSelections('detachInvoiceScheduleCharges', input);
    if (checked.isErr()) return err(checked.error);
    return context.store.transaction<InvoiceSchedule, ScheduleError | DomainError | VersionConflict>(
      async (repos) => {
        const loaded = await loadSchedule(repos, input.invoiceScheduleNumber);
        if (loaded.isErr()) return err(loaded.error);
        const subscriptions = await loadCoveredSubscriptions(repos, loaded.value);
        const invoices = (await repos.invoices.listBySchedule(loaded.value.number)).filter(
          (i) => i.status === 'Draft' || i.status === 'Posted',
        );
        const detached = detachCharges(loaded.value, input.specificSubscriptions, invoices, subscriptions);
        if (detached.isErr()) return err(detached.error);
        // §6.6 rules 1 and 3: a next run date moved to the start of a credit falls back to the default
        // once the detach takes that credit away (C30); reviseSchedule moves it again for credits left.
        const before = chargeStates(
          loaded.value,
          subscriptions,
          context.settings.rounding,
          context.settings.chargeGrouping,
        );
        const creditDates = new Set(
          before.isOk() ? chargeCredits(before.value).map((c) => c.creditStartDate) : [],
        );
        const override = detached.value.nextRunDateOverride;
        const base =
          override !== null && creditDates.has(override)
            ? { ...detached.value, nextRunDateOverride: null }
            : detached.value;
        const revised = await reviseWithCharges(context, repos, base);
        if (revised.isErr()) return err(revised.error);
        const saved = await repos.invoiceSchedules.save(revised.value);
        if (saved.isErr()) return err(saved.error);
        return ok(revised.value);
      },
    );
  });
}

/**
 * Attaches charges detached from this schedule back (reference §5.5): only when unchanged, not
 * billed elsewhere, and no item was processed since the detach.
 * @example
 * ```ts
 * const attached = await attachInvoiceScheduleCharges(context, {
 *   invoiceScheduleNumber: 'IS-00000001',
 *   specificSubscriptions: [{ subscriptionNumber: 'S3', chargeNumbers: ['C3'] }],
 * });
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function attachInvoiceScheduleCharges(
  context: BillingContext,
  input: ChargeSelectionInput,
): ResultAsync<InvoiceSchedule, ScheduleError | DomainError | VersionConflict | InvalidContext> {
  return withContext<InvoiceSchedule, ScheduleError | DomainError | VersionConflict>(context, async () => {
    const checked = checkSelections('attachInvoiceScheduleCharges', input);
    if (checked.isErr()) return err(checked.error);
    return context.store.transaction<InvoiceSchedule, ScheduleError | DomainError | VersionConflict>(
      async (repos) => {
        const loaded = await loadSchedule(repos, input.invoiceScheduleNumber);
        if (loaded.isErr()) return err(loaded.error);
        const schedule = loaded.value;
        const subscriptions = await loadCoveredSubscriptions(repos, schedule);
        const billedElsewhere = new Set<string>();
        for (const c of schedule.charges.filter((x) => x.detached)) {
          const invoices = await repos.invoices.listByCharge(c.subscriptionNumber, c.chargeNumber);
          const elsewhere = invoices.some(
            (i) =>
              (i.status === 'Draft' || i.status === 'Posted') &&
              i.lines.some(
                (l) =>
                  l.subscriptionNumber === c.subscriptionNumber &&
                  l.chargeNumber === c.chargeNumber &&
                  l.invoiceScheduleNumber !== schedule.number,
              ),
          );
          if (elsewhere) billedElsewhere.add(chargeKey(c.subscriptionNumber, c.chargeNumber));
        }
        const attached = attachCharges(schedule, input.specificSubscriptions, subscriptions, billedElsewhere);
        if (attached.isErr()) return err(attached.error);
        const revised = await reviseWithCharges(context, repos, attached.value);
        if (revised.isErr()) return err(revised.error);
        const saved = await repos.invoiceSchedules.save(revised.value);
        if (saved.isErr()) return err(saved.error);
        return ok(revised.value);
      },
    );
  });
}
