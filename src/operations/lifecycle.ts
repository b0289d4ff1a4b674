import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import { ownersOf, type Subscription } from '../domain/contract/subscription';
import type { CreditMemo } from '../domain/documents/credit-memo';
import type { Invoice } from '../domain/documents/invoice';
import {
  type DomainError,
  type InvalidInput,
  invalidInput,
  type SubscriptionNotSchedulable,
} from '../domain/errors';
import { checkIdentifierLength } from '../domain/input';
import type { InvoiceScheduleNumber } from '../domain/numbers';
import type { CreateScheduleContext } from '../domain/schedule/create';
import {
  attachCharges,
  type ChargeSelection,
  chargesBilledOutside,
  detachCharges,
  releaseCreditDate,
} from '../domain/schedule/detach';
import type { InvoiceScheduleNotFound, ScheduleError } from '../domain/schedule/errors';
import { chargeKey, type InvoiceSchedule } from '../domain/schedule/schedule';
import {
  checkNextRunDateOverride,
  checkUpdateRequest,
  deleteSchedule,
  parseUpdateInvoiceScheduleInput,
  pauseSchedule,
  readExpectedVersion,
  resumeSchedule,
  type UpdateInvoiceScheduleInput,
  updateInvoiceScheduleWith,
} from '../domain/schedule/update';
import { getCurrency } from '../money/currency';
import type { UnknownCurrency } from '../money/errors';
import type { BillingContext, InvalidContext, Repositories, StoreConflict, VersionConflict } from '../ports';
import { toInvoiceScheduleRecord, versionConflict } from '../ports/records';
import { nextIdBeside } from './checked-ids';
import {
  EXPECTED_NUMBER,
  loadChargeStates,
  loadClaimedSchedule,
  loadCoverage,
  loadCoveredSubscriptions,
  OPTIONAL_FIELDS,
  refuseUnknownFields,
  requireFields,
  reviseWithCharges,
  scheduleHolding,
} from './common';
import { firstScheduleResult, replayedSchedule } from './first-result';
import { idempotentCall, keyedTransaction } from './idempotency';
import { type Emitted, mutation, transact } from './operation';

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
  | StoreConflict
  | InvalidContext;

const UPDATE = 'updateInvoiceSchedule';

async function loadCreateContext(
  context: BillingContext,
  repos: Repositories,
  schedule: InvoiceSchedule,
  orders: readonly string[],
  specific: readonly { subscriptionNumber: string }[],
): Promise<Result<CreateScheduleContext, UnknownCurrency>> {
  const account = await repos.accounts.get(schedule.accountNumber);
  /* v8 ignore next 3 */
  if (!account)
    throw new Error(`Account ${schedule.accountNumber} of ${schedule.number} is missing from the store.`);
  const coverage = await loadCoverage(repos, orders, specific, schedule.number);
  return getCurrency(schedule.currency).map((currency) => ({
    account,
    currency,
    ...coverage,
    settings: context.settings,
  }));
}

/**
 * Updates a schedule with replace semantics (reference §5.1): items with an id are updated,
 * items without one are added, stored items left out are deleted; processed items must come
 * back unchanged; orders change only while Pending and refresh `totalAmount` (C12) — sent back
 * as stored they are no change (C36 d); notes and `invoiceSeparately` can change in every status
 * (decision 10); `nextRunDate` overrides the default (§6.6), `null` restores it (a credit's due date or a
 * removal's effective date when earlier than the next pending item's run date, decision 19), and changing items
 * recomputes it (decision 8). `invoiceScheduleNumber` takes
 * the schedule's number or its id (§2.1, "scheduleKey"). The request's own fields (limits, amounts no stored item can
 * equal, the run dates' order) are checked before the schedule is read; decimal places and the edit's rules after
 * (docs/guides/http-service.md).
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
): ResultAsync<Emitted<InvoiceSchedule>, UpdateInvoiceScheduleError> {
  return mutation(
    context,
    input,
    async (context, input): Promise<Result<InvoiceSchedule, UpdateInvoiceScheduleError>> => {
      const parsed = parseUpdateInvoiceScheduleInput(input);
      if (parsed.isErr()) return err(parsed.error);
      const request = parsed.value;
      const keyed = idempotentCall(UPDATE, input);
      if (keyed.isErr()) return err(keyed.error);
      // The request's own fields before the schedule is read: a malformed item is refused as such.
      const shaped = checkUpdateRequest(request);
      if (shaped.isErr()) return err(shaped.error);
      const call = keyed.value;
      return keyedTransaction(
        context,
        call,
        replayedSchedule,
        async (repos): Promise<Result<InvoiceSchedule, UpdateInvoiceScheduleError>> => {
          const loaded = await loadClaimedSchedule(repos, request.invoiceScheduleNumber);
          if (loaded.isErr()) return err(loaded.error);
          const schedule = loaded.value;
          const expected = expectVersion(schedule, request.expectedVersion);
          if (expected.isErr()) return err(expected.error);
          let createContext: CreateScheduleContext | null = null;
          if (request.orders !== null || request.specificSubscriptions !== null || request.items !== null) {
            const loadedContext = await loadCreateContext(
              context,
              repos,
              schedule,
              request.orders ?? schedule.orders,
              request.specificSubscriptions ?? schedule.specificSubscriptions,
            );
            if (loadedContext.isErr()) return err(loadedContext.error);
            createContext = loadedContext.value;
          }
          // An added item's id must not be one the schedule (or one of its items) has already.
          const updated = updateInvoiceScheduleWith(schedule, request, createContext, () =>
            nextIdBeside(
              context,
              'InvoiceScheduleItem',
              schedule,
              schedule.items,
              `schedule ${schedule.number}`,
            ),
          );
          if (updated.isErr()) return err(updated.error);
          // An items update recomputes nextRunDate (§6.6 rule 2); a credit still due keeps it on the
          // credit's start (rule 3), a removal's cut on its effective date (decision 19), unless the request
          // sets a date itself — which needs something left to run: a pending item with a run date, or a
          // credit due (rules 1 and 5). `nextRunDate: null` clears the date and restores that same default:
          // the revision that computes it runs for it too (else the schedule showed the next item's date, or
          // none, until the next revision brought the credit's back, and a bill run in between credited
          // nothing).
          let next = updated.value;
          if (request.nextRunDate === undefined || request.nextRunDate === null) {
            const revised = await reviseWithCharges(context, repos, updated.value);
            if (revised.isErr()) return err(revised.error);
            next = revised.value;
          } else {
            const states = await loadChargeStates(repos, context.settings, next);
            if (states.isErr()) return err(states.error);
            const checked = checkNextRunDateOverride(next, states.value);
            if (checked.isErr()) return err(checked.error);
          }
          // An update that changes nothing (the schedule sent back as read, say) saves nothing: no new version
          // for another editor's expectedVersion to conflict with, no InvoiceScheduleUpdated (docs/events.md: a
          // saved change), as a pause of a paused schedule.
          if (storesTheSame(next, schedule)) return ok(schedule);
          const saved = await repos.invoiceSchedules.save(next);
          if (saved.isErr()) return err(saved.error);
          return ok(next);
        },
        (next, repos) => firstScheduleResult(repos, next),
      );
    },
  );
}

/**
 * Whether saving `next` would store what `stored` holds, but for the version and the audit fields. Keys are compared
 * by name, not order: custom fields are (custom-fields.md), and a record read from `jsonb` (schema versions before 9,
 * an adapter of the host's) holds them in another order than a request sends them (review 118).
 */
function storesTheSame(next: InvoiceSchedule, stored: InvoiceSchedule): boolean {
  const byName = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(byName)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, byName((value as Record<string, unknown>)[key])]),
          )
        : value;
  const unversioned = (schedule: InvoiceSchedule): string => {
    const {
      version: _version,
      createdAt: _createdAt,
      createdBy: _createdBy,
      updatedAt: _updatedAt,
      updatedBy: _updatedBy,
      ...rest
    } = toInvoiceScheduleRecord(schedule);
    return JSON.stringify(byName(rest));
  };
  return unversioned(next) === unversioned(stored);
}

/**
 * An edit made on an older version of the schedule is refused (issue 10: no lost updates): `expected` is
 * the version the caller saw, `null` when it gave none.
 */
function expectVersion(schedule: InvoiceSchedule, expected: number | null): Result<void, VersionConflict> {
  if (expected === null || expected === schedule.version) return ok(undefined);
  return err(versionConflict('InvoiceSchedule', schedule.number, expected, schedule.version));
}

function simpleTransition(name: string, change: (schedule: InvoiceSchedule) => InvoiceSchedule) {
  return (
    context: BillingContext,
    input: {
      readonly invoiceScheduleNumber: InvoiceScheduleNumber;
      /** The `version` the caller saw: refused with `VersionConflict` when the schedule changed since. */
      readonly expectedVersion?: number;
    },
  ): ResultAsync<
    Emitted<InvoiceSchedule>,
    InvoiceScheduleNotFound | InvalidInput | VersionConflict | StoreConflict | InvalidContext
  > =>
    mutation(
      context,
      input,
      async (
        context,
        input,
      ): Promise<
        Result<InvoiceSchedule, InvoiceScheduleNotFound | InvalidInput | VersionConflict | StoreConflict>
      > => {
        const fields = requireFields(
          name,
          input,
          {
            invoiceScheduleNumber: EXPECTED_NUMBER.invoiceScheduleNumber,
          },
          OPTIONAL_FIELDS.expectedVersion,
        );
        if (fields.isErr()) return err(fields.error);
        const { invoiceScheduleNumber } = fields.value;
        const version = readExpectedVersion(input.expectedVersion);
        if (version.isErr()) return err(version.error);
        const expected = version.value;
        return transact(
          context,
          async (repos): Promise<Result<InvoiceSchedule, InvoiceScheduleNotFound | VersionConflict>> => {
            const found = await loadClaimedSchedule(repos, invoiceScheduleNumber);
            if (found.isErr()) return err(found.error);
            const loaded = found.value;
            const current = expectVersion(loaded, expected);
            if (current.isErr()) return err(current.error);
            const next = change(loaded);
            if (next === loaded) return ok(next);
            const saved = await repos.invoiceSchedules.save(next);
            if (saved.isErr()) return err(saved.error);
            return ok(next);
          },
        );
      },
    );
}

/**
 * Pauses a schedule in any status (reference §5.3): bill runs and execute skip it until resumed.
 * Pausing a paused schedule returns it unchanged. `invoiceScheduleNumber` takes the schedule's
 * number or its id (§2.1, "scheduleKey").
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
 * schedule's number or its id (§2.1, "scheduleKey").
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
 * Deletes a schedule; only while Pending (reference §5.2, C17). Its charges are released. The record is
 * kept, marked `deleted: true` (one version up, stamped like any save): the operations no longer find,
 * list or bill it, unless asked to include deleted schedules (`getInvoiceSchedule(…, { includeDeleted:
 * true })`, `listInvoiceSchedules({ includeDeleted: true })`). Deleting it again is
 * `InvoiceScheduleNotFound`.
 * `invoiceScheduleNumber` takes the schedule's number or its id (§2.1, "scheduleKey").
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
  input: { readonly invoiceScheduleNumber: InvoiceScheduleNumber },
): ResultAsync<
  Emitted<InvoiceSchedule>,
  ScheduleError | InvalidInput | VersionConflict | StoreConflict | InvalidContext
> {
  return mutation(
    context,
    input,
    async (
      context,
      input,
    ): Promise<Result<InvoiceSchedule, ScheduleError | InvalidInput | VersionConflict | StoreConflict>> => {
      const fields = requireFields(
        'deleteInvoiceSchedule',
        input,
        {
          invoiceScheduleNumber: EXPECTED_NUMBER.invoiceScheduleNumber,
        },
        OPTIONAL_FIELDS.none,
      );
      if (fields.isErr()) return err(fields.error);
      const { invoiceScheduleNumber } = fields.value;
      return transact(
        context,
        async (repos): Promise<Result<InvoiceSchedule, ScheduleError | VersionConflict>> => {
          const loaded = await loadClaimedSchedule(repos, invoiceScheduleNumber);
          if (loaded.isErr()) return err(loaded.error);
          // Soft (issue 13): the record stays, marked deleted, one version up; its charges are free again.
          const deleted = deleteSchedule(loaded.value);
          if (deleted.isErr()) return err(deleted.error);
          const saved = await repos.invoiceSchedules.save(deleted.value);
          if (saved.isErr()) return err(saved.error);
          return ok(deleted.value);
        },
      );
    },
  );
}

/**
 * A detach or attach request: the schedule and the charges, as `{ subscriptionNumber,
 * chargeNumbers }` (an empty list names all of the subscription's charges in the schedule).
 * @category Inputs
 * @since 0.1.0
 */
export interface ChargeSelectionInput {
  /** The schedule's number or its id (§2.1, "scheduleKey"). */
  readonly invoiceScheduleNumber: InvoiceScheduleNumber;
  readonly specificSubscriptions: readonly ChargeSelection[];
}

/** The fields of an entry of a detach or attach request's `specificSubscriptions`. */
const SELECTION_FIELDS = Object.freeze(['subscriptionNumber', 'chargeNumbers']);

const SUBSCRIPTION_NUMBER = 'a subscription number, a non-blank string such as "S-0001"';
const CHARGE_NUMBER = 'a charge number, a non-blank string such as "C-0001"';

/** A selected subscription or charge number: non-blank, at most 255 characters, storable. */
function checkSelectedNumber(value: string, path: string, expected: string): Result<string, InvalidInput> {
  if (value.trim() === '') return err(invalidInput(path, expected, value));
  return checkIdentifierLength(value, path);
}

/**
 * Checks a detach or attach request: sizes (`INPUT_LIMITS`), the schedule's key, and a non-empty list of
 * `{ subscriptionNumber, chargeNumbers }` with no other field. `request` is the copy the caller read once
 * (`readRequest`: the operation's wrapper, or the validator), so a caller that changes its input after the call
 * changes nothing. Returns what it checked, frozen. @internal
 */
export function checkSelections(
  name: string,
  request: ChargeSelectionInput,
): Result<ChargeSelectionInput, InvalidInput> {
  const fields = requireFields(
    name,
    request,
    { invoiceScheduleNumber: EXPECTED_NUMBER.invoiceScheduleNumber },
    OPTIONAL_FIELDS.chargeSelection,
  );
  if (fields.isErr()) return err(fields.error);
  const given: unknown = request.specificSubscriptions;
  if (!Array.isArray(given) || given.length === 0) {
    return err(
      invalidInput(
        'specificSubscriptions',
        'a non-empty array of { subscriptionNumber, chargeNumbers }',
        given,
      ),
    );
  }
  const selections: ChargeSelection[] = [];
  for (const [i, entry] of (given as readonly unknown[]).entries()) {
    const at = `specificSubscriptions[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      return err(invalidInput(at, '{ subscriptionNumber: string, chargeNumbers: string[] }', entry));
    }
    // A field the entry cannot have is refused, as an update refuses it in its own entries: a misspelt
    // `chargeNumber` left `chargeNumbers` empty, which names every charge of the subscription.
    const known = refuseUnknownFields(entry, SELECTION_FIELDS, [], at);
    if (known.isErr()) return err(known.error);
    // Each field is named at its own path (review 201: a wrong type in one field was refused at the whole
    // entry, "an object", which did not say which field to fix).
    const s = entry as { readonly subscriptionNumber?: unknown; readonly chargeNumbers?: unknown };
    const subscriptionNumber = s.subscriptionNumber;
    if (typeof subscriptionNumber !== 'string') {
      return err(invalidInput(`${at}.subscriptionNumber`, SUBSCRIPTION_NUMBER, subscriptionNumber));
    }
    const chargeNumbers: unknown = s.chargeNumbers;
    if (!Array.isArray(chargeNumbers)) {
      return err(
        invalidInput(
          `${at}.chargeNumbers`,
          'an array of charge numbers (empty: every charge of the subscription)',
          chargeNumbers,
        ),
      );
    }
    // Spread, so that a hole reads as undefined and is refused below.
    const numbers: unknown[] = [...chargeNumbers];
    const notString = numbers.findIndex((c) => typeof c !== 'string');
    if (notString >= 0) {
      return err(invalidInput(`${at}.chargeNumbers[${notString}]`, CHARGE_NUMBER, numbers[notString]));
    }
    // A blank number names no charge: refused as every other number of the API is (it was answered
    // ChargeNotAttached, "Charge  of  is not attached", which did not say what to fix). Numbers end up in
    // messages (ChargeNotFound names both): at most 255 characters each.
    const checkedNumber = checkSelectedNumber(
      subscriptionNumber,
      `${at}.subscriptionNumber`,
      SUBSCRIPTION_NUMBER,
    );
    if (checkedNumber.isErr()) return err(checkedNumber.error);
    for (const [j, c] of (numbers as string[]).entries()) {
      const chargeNumber = checkSelectedNumber(c, `${at}.chargeNumbers[${j}]`, CHARGE_NUMBER);
      if (chargeNumber.isErr()) return err(chargeNumber.error);
    }
    selections.push(Object.freeze({ subscriptionNumber, chargeNumbers: Object.freeze(numbers as string[]) }));
  }
  return ok(
    Object.freeze({
      invoiceScheduleNumber: fields.value.invoiceScheduleNumber as InvoiceScheduleNumber,
      specificSubscriptions: Object.freeze(selections),
    }),
  );
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
): ResultAsync<
  Emitted<InvoiceSchedule>,
  ScheduleError | InvalidInput | VersionConflict | StoreConflict | InvalidContext
> {
  return changeCharges(
    context,
    'detachInvoiceScheduleCharges',
    input,
    async (repos, loaded, subscriptions, selections, checked) => {
      const invoices = (await repos.invoices.listBySchedule(loaded.number)).filter(
        (i) => i.status === 'Draft' || i.status === 'Posted',
      );
      const detached = detachCharges(loaded, selections, invoices, subscriptions, checked.settings);
      if (detached.isErr()) return err(detached.error);
      // §6.6 rules 1 and 3 (C30): a next run date that waited for a credit the detach took away falls back to
      // the default; the revision moves it again for the credits left.
      return ok(releaseCreditDate(detached.value, loaded, subscriptions, checked.settings));
    },
  );
}

/**
 * A detach or an attach: checks the request, then in one transaction claims the schedule and reads its covered
 * subscriptions, lets `change` decide the schedule's new charges, revises the schedule with the same
 * subscriptions (its charges are the same ones, detached or not) and saves it.
 */
function changeCharges(
  context: BillingContext,
  name: string,
  input: ChargeSelectionInput,
  change: (
    repos: Repositories,
    schedule: InvoiceSchedule,
    subscriptions: ReadonlyMap<string, Subscription>,
    selections: readonly ChargeSelection[],
    context: BillingContext,
  ) => Promise<Result<InvoiceSchedule, ScheduleError>>,
): ResultAsync<
  Emitted<InvoiceSchedule>,
  ScheduleError | InvalidInput | VersionConflict | StoreConflict | InvalidContext
> {
  return mutation(
    context,
    input,
    async (
      context,
      input,
    ): Promise<Result<InvoiceSchedule, ScheduleError | InvalidInput | VersionConflict | StoreConflict>> => {
      // The request as checked, read once during the call: the transaction reads it, not `input`.
      const checked = checkSelections(name, input);
      if (checked.isErr()) return err(checked.error);
      const request = checked.value;
      return transact(
        context,
        async (repos): Promise<Result<InvoiceSchedule, ScheduleError | VersionConflict>> => {
          const found = await loadClaimedSchedule(repos, request.invoiceScheduleNumber);
          if (found.isErr()) return err(found.error);
          const subscriptions = await loadCoveredSubscriptions(repos, found.value);
          // The checked context (the operation's), not the caller's: its settings as checked.
          const changed = await change(
            repos,
            found.value,
            subscriptions,
            request.specificSubscriptions,
            context,
          );
          if (changed.isErr()) return err(changed.error);
          const revised = await reviseWithCharges(context, repos, changed.value, subscriptions);
          if (revised.isErr()) return err(revised.error);
          const saved = await repos.invoiceSchedules.save(revised.value);
          if (saved.isErr()) return err(saved.error);
          return ok(revised.value);
        },
      );
    },
  );
}

/**
 * What deciding an attach reads besides the schedule: the invoices of its detached charges, and the credit
 * memos of the accounts that own or owned their subscriptions, and of the schedule's (decision 17).
 */
async function loadDetachedDocuments(
  repos: Repositories,
  schedule: InvoiceSchedule,
  subscriptions: ReadonlyMap<string, Subscription>,
): Promise<{ invoices: Invoice[]; creditMemos: CreditMemo[] }> {
  const detached = schedule.charges.filter((c) => c.detached);
  if (detached.length === 0) return { invoices: [], creditMemos: [] };
  const invoices = new Map<string, Invoice>();
  const accounts = new Set([schedule.accountNumber]);
  for (const c of detached) {
    for (const i of await repos.invoices.listByCharge(c.subscriptionNumber, c.chargeNumber))
      invoices.set(i.number, i);
    const sub = subscriptions.get(c.subscriptionNumber);
    if (sub !== undefined) for (const owner of ownersOf(sub)) accounts.add(owner);
  }
  const creditMemos = new Map<string, CreditMemo>();
  for (const account of accounts)
    for (const m of await repos.creditMemos.listByAccount(account)) creditMemos.set(m.number, m);
  return { invoices: [...invoices.values()], creditMemos: [...creditMemos.values()] };
}

/**
 * Attaches charges detached from this schedule back (reference §5.5): only when unchanged, not
 * billed or credited elsewhere, and no item was processed since the detach.
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
): ResultAsync<
  Emitted<InvoiceSchedule>,
  ScheduleError | InvalidInput | VersionConflict | StoreConflict | InvalidContext
> {
  return changeCharges(
    context,
    'attachInvoiceScheduleCharges',
    input,
    async (repos, schedule, subscriptions, selections) => {
      const { invoices, creditMemos } = await loadDetachedDocuments(repos, schedule, subscriptions);
      const billedElsewhere = chargesBilledOutside(schedule, invoices, creditMemos);
      // The detached charges another schedule covers now (a create or an update may take one: §4.2 rule 2).
      const scheduledElsewhere = new Map<string, string>();
      for (const c of schedule.charges) {
        if (!c.detached) continue;
        const other = await scheduleHolding(repos, c.subscriptionNumber, c.chargeNumber, schedule.number);
        if (other !== null) scheduledElsewhere.set(chargeKey(c.subscriptionNumber, c.chargeNumber), other);
      }
      return attachCharges(schedule, selections, subscriptions, billedElsewhere, scheduledElsewhere);
    },
  );
}
