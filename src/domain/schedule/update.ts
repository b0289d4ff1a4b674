import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { type Currency, getCurrency } from '../../money/currency';
import { Dec, ZERO } from '../../money/decimal';
import { amountFormError, amountSizeError } from '../../money/money';
import { type BusinessDate, isAfter } from '../../time/date';
import { describeCustomFields, NO_CUSTOM_FIELDS, sameCustomFields } from '../custom-fields';
import {
  type DomainError,
  type InvalidInput,
  invalidInput,
  type SubscriptionNotSchedulable,
} from '../errors';
import { sameStrings } from '../freeze';
import {
  type CreateScheduleContext,
  checkScheduleLimits,
  coverOrders,
  type ItemAmountInput,
  type ParsedItemInput,
  percentageFormError,
  readItemAmounts,
  resolveItemAmounts,
  runDateError,
} from './create';
import { repeatedAdditionalSubscription } from './create-request';
import { cutsAfterItemsUpdate, withCuts } from './cuts';
import {
  type InvalidScheduleStatus,
  invalidScheduleStatus,
  invoiceScheduleItemNotFound,
  itemAmountNotPositive,
  nextRunDateBeforeBlankItem,
  noScheduleItems,
  ordersNotChangeable,
  type ProcessedItemChanged,
  processedItemChanged,
  repeatedScheduleItem,
  type ScheduleError,
  scheduleError,
  scheduleNotDeletable,
} from './errors';
import {
  firstRunDateViolation,
  type InvoiceSchedule,
  type InvoiceScheduleItem,
  processingMark,
  refreshSchedule,
  type SpecificSubscription,
} from './schedule';
import { type ChargeState, chargeCredits } from './states';
import type { ParsedUpdateInput } from './update-request';

// The request and its shape checks are in update-request.ts; this module stays the one other modules
// import from.
export {
  type ParsedUpdateInput,
  parseUpdateInvoiceScheduleInput,
  readExpectedVersion,
  type UpdateInvoiceScheduleInput,
} from './update-request';

type UpdateError = ScheduleError | DomainError | SubscriptionNotSchedulable;

/** The item's amount or percentage is there: neither `null` nor left out (as the update reads it). */
const given = (value: unknown): boolean => value !== null && value !== undefined;

/**
 * What an update request's own fields must pass whatever the stored schedule is, with no store: the limits of
 * §9 on the lists it gives (one it leaves out is the stored one, within them), its items' amounts and
 * percentages where no stored item can make them right, and its run dates' order (§4.2 rule 10:
 * `RunDatesNotIncreasing`, `BlankRunDateNotLast`), which needs nothing stored. An item giving both or neither
 * of amount and percentage is left to the update (a processed item may come back so). An amount of another
 * type than a string, or not finite, is `InvalidAmount`, and a percentage of another form than a string
 * `InvalidInput` (`percentageFormError`). A number or `Decimal` amount of zero or less is
 * `ItemAmountNotPositive` (every stored amount is above zero). A string amount is refused here only when it equals no stored
 * amount (`stringAmountError`): a processed item's is compared with its stored one as `Dec` reads it, so
 * `'1.2e3'` may be right; its decimals are left to the update too, which knows the currency. A percentage's
 * value is left to it as well: a stored one given back keeps decimals beyond the limit.
 * `updateInvoiceSchedule` runs it before it reads the schedule, and the validator
 * `parseUpdateInvoiceScheduleRequest` answers with it. @internal
 */
export function checkUpdateRequest(request: ParsedUpdateInput): Result<void, ScheduleError | DomainError> {
  const limits = checkScheduleLimits({
    items: request.items,
    orders: request.orders ?? [],
    additionalSubscriptionsToBill: request.additionalSubscriptionsToBill ?? [],
    notes: request.notes ?? '',
  });
  if (limits.isErr()) return err(limits.error);
  if (request.items === null) return ok(undefined);
  for (const [i, item] of request.items.entries()) {
    if (given(item.amount) === given(item.percentage)) continue;
    if (given(item.amount)) {
      // Too large in every currency: no stored amount is, so no processed item given back can have it.
      const form =
        (typeof item.amount === 'string'
          ? stringAmountError(item.amount, i)
          : (amountFormError(item.amount, `items[${i}].amount`) ?? valueAmountError(item.amount, i))) ??
        amountSizeError(item.amount, `items[${i}].amount`);
      if (form !== null) return err(form);
    } else if (typeof item.percentage !== 'string') {
      const form = percentageFormError(item.percentage, i);
      if (form !== null) return err(form);
    }
  }
  const violation = firstRunDateViolation(request.items.map((r) => r.runDate));
  if (violation >= 0) return err(runDateError(request.items, violation));
  return ok(undefined);
}

/**
 * The error an item's string amount answers whatever the stored items are, or `null` when a stored item may
 * make it right. A processed item given back is compared with its stored amount as `Dec` reads the string
 * (`same`: `'1.2e3'` and `'0x4b0'` equal 1,200.00), and every stored amount is finite and above zero (a
 * pending item's must be, and a processed item keeps the one it had), so only a string `Dec` reads as no
 * finite number above zero can equal none. It answers what a new or pending item answers, in the order of
 * `checkItemForms`: `InvalidAmount` when it is not a plain decimal string, else `ItemAmountNotPositive`.
 * Decimals beyond the currency's are not refused here: a stored amount has the currency's decimals, and only
 * the store knows the currency (`'1.001'` is an amount in a currency of three).
 */
function stringAmountError(amount: string, index: number): ScheduleError | DomainError | null {
  if (readsAboveZero(amount)) return null;
  return amountFormError(amount, `items[${index}].amount`) ?? itemAmountNotPositive(index, new Dec(amount));
}

/**
 * The error a well-formed number or `Decimal` amount answers whatever the stored items are: `ItemAmountNotPositive`
 * when it is zero or less (every stored amount is above zero, so no processed item given back can have it), else
 * `null` (its decimals wait for the schedule's currency).
 */
function valueAmountError(amount: unknown, index: number): ScheduleError | null {
  const text = String(amount);
  return readsAboveZero(text) ? null : itemAmountNotPositive(index, new Dec(text));
}

/** Whether `Dec` reads `text` as a finite number above zero, as `same` reads an amount given back. */
function readsAboveZero(text: string): boolean {
  try {
    const value = new Dec(text);
    return value.isFinite() && value.gt(0);
  } catch {
    return false;
  }
}

/**
 * Applies an update to a schedule (reference §5.1, decisions 8, 10, 13). Pure. `context` is
 * needed only when the orders change (otherwise pass `null`); `newItemIds` supplies ids for
 * added items.
 * @since 0.1.0
 */
export function updateInvoiceScheduleWith(
  schedule: InvoiceSchedule,
  request: ParsedUpdateInput,
  context: CreateScheduleContext | null,
  newItemIds: () => string,
): Result<InvoiceSchedule, UpdateError> {
  let next: InvoiceSchedule = schedule;
  const orders = request.orders ?? schedule.orders;
  const specific = request.specificSubscriptions ?? schedule.specificSubscriptions;
  // The request's own fields first — the limits, then the amounts and percentages of its new and pending
  // items at the schedule's currency, then the run dates' order (which `checkUpdateRequest` checks before the
  // schedule is read; here again for a caller of this function alone) — then the rules that need the
  // schedule's state and the store's orders and charges (status, coverage, processed items, the total).
  const limits = checkScheduleLimits({
    items: request.items ?? schedule.items,
    orders,
    additionalSubscriptionsToBill:
      request.additionalSubscriptionsToBill ?? schedule.additionalSubscriptionsToBill,
    notes: request.notes ?? schedule.notes,
  });
  if (limits.isErr()) return err(limits.error);
  if (request.items !== null) {
    const currency = context?.currency ?? getCurrency(schedule.currency)._unsafeUnwrap();
    const read = readItemAmounts(amountInputs(schedule, request.items), currency);
    if (read.isErr()) return err(read.error);
    const violation = firstRunDateViolation(request.items.map((r) => r.runDate));
    if (violation >= 0) return err(runDateError(request.items, violation));
  }
  // §5.1 (C36 d): lists sent back as stored change nothing — not the status rule, not the total (§2.1:
  // refreshed only when the covered set is edited).
  const ordersChange = !sameCoverage(schedule, orders, specific);
  if (ordersChange) {
    // §3.3: only a Pending schedule's covered set changes, not a paused one's.
    if (schedule.status !== 'Pending') {
      return err(ordersNotChangeable(schedule.number, schedule.status, schedule.statusBeforePause));
    }
    /* v8 ignore next */
    if (context === null) throw new Error('updateInvoiceScheduleWith: orders change without a context');
    const cover = coverOrders(orders, specific, context);
    if (cover.isErr()) return err(cover.error);
    next = {
      ...next,
      orders: Object.freeze([...orders]),
      specificSubscriptions: specific,
      charges: cover.value.charges,
      totalAmount: cover.value.total,
      actualAmount: cover.value.total,
    };
  }
  if (request.additionalSubscriptionsToBill !== null) {
    // Each once (a repeat bills the subscription again), unless sent back as stored (§5.1, C36 d): a schedule
    // saved before repeats were refused is billed each once anyway.
    const list = request.additionalSubscriptionsToBill;
    if (!sameStrings(list, schedule.additionalSubscriptionsToBill)) {
      const repeat = repeatedAdditionalSubscription(list);
      if (repeat !== null) return err(repeat);
    }
    next = { ...next, additionalSubscriptionsToBill: list };
  }
  if (request.notes !== null) next = { ...next, notes: request.notes };
  // Issue 13: the schedule's custom fields are edited like its notes, in every status (decision 10).
  if (request.customFields !== null) next = { ...next, customFields: request.customFields };
  if (request.invoiceSeparately !== null) next = { ...next, invoiceSeparately: request.invoiceSeparately };
  if (request.items !== null) {
    const items = replaceItems(next, request.items, context, newItemIds);
    if (items.isErr()) return err(items.error);
    // §6.6 rule 2: changing items recomputes the next run date unless the request sets it. A removal's date
    // (decision 19) is not the request's to clear: it stays recorded, and the revision that follows brings it back.
    next = restamped(schedule, { ...next, items: items.value, nextRunDateOverride: null });
  } else if (ordersChange) {
    const followed = followTotal(next, context as CreateScheduleContext);
    if (followed.isErr()) return err(followed.error);
    next = { ...next, items: followed.value };
  }
  if (request.nextRunDate !== undefined) next = withUserNextRunDate(next, request.nextRunDate);
  return ok(refreshSchedule({ ...next, version: schedule.version + 1 }));
}

/**
 * `schedule` with `nextRunDateOverride` set to the date the request set (§6.6 rule 4), recorded as the user's so
 * that a later revision keeps it (`userNextRunDate`, review 175); `null` restores the default and records nothing.
 */
function withUserNextRunDate(schedule: InvoiceSchedule, date: BusinessDate | null): InvoiceSchedule {
  const { userNextRunDate: _, ...rest } = schedule;
  return date === null
    ? { ...rest, nextRunDateOverride: null }
    : { ...rest, nextRunDateOverride: date, userNextRunDate: date };
}

/**
 * `updated` (the schedule with its items replaced) with the marks `schedule` recorded restamped: deleting a pending
 * item whose invoice was reverted lowers the {@link processingMark}, which would otherwise match an older mark
 * again, so that "no item processed since" held where items were processed. Each detached charge's detachment
 * (§5.5) that still applies gets the new mark; one that no longer applies (an item was processed since) gets a
 * mark one below the new one, which the schedule can never have again (the mark only grows, but for such a
 * deletion, which restamps it again), so the charge stays refused. The removal cut (decision 19) of a pending item
 * the update deleted goes to the pending item next in its place ({@link cutsAfterItemsUpdate}).
 */
function restamped(schedule: InvoiceSchedule, updated: InvoiceSchedule): InvoiceSchedule {
  const was = processingMark(schedule);
  const mark = processingMark(updated);
  // The invoices of the items processed when a charge was detached stay posted while it is detached (§5.4), so the
  // mark stays at least 1 here: `mark - 1` is never negative.
  const charges =
    mark === was
      ? updated.charges
      : updated.charges.map((c) => {
          if (!c.detached) return c;
          const before = c.detachment.processingMark;
          const stamp = before === was ? mark : Math.min(mark - 1, before);
          return stamp === before
            ? c
            : Object.freeze({ ...c, detachment: Object.freeze({ ...c.detachment, processingMark: stamp }) });
        });
  const restampedCharges = {
    ...updated,
    charges: charges === updated.charges ? charges : Object.freeze(charges),
  };
  const cuts = schedule.removalCuts;
  return cuts === undefined
    ? restampedCharges
    : withCuts(restampedCharges, cutsAfterItemsUpdate(schedule.items, updated.items, cuts));
}

/**
 * Whether `orders` and `specific` are the schedule's covered set as stored: the same orders and the same
 * specific-subscription entries (each with the same charge numbers), in the same order. Order counts: the
 * orders and entries give the charges' consumption order (§7.2), so a reordered list is a change.
 */
function sameCoverage(
  schedule: InvoiceSchedule,
  orders: readonly string[],
  specific: readonly SpecificSubscription[],
): boolean {
  const stored = schedule.specificSubscriptions;
  return (
    sameStrings(orders, schedule.orders) &&
    specific.length === stored.length &&
    specific.every((s, i) => {
      const t = stored[i] as SpecificSubscription;
      return (
        s.orderNumber === t.orderNumber &&
        s.subscriptionNumber === t.subscriptionNumber &&
        sameStrings(s.chargeNumbers, t.chargeNumbers)
      );
    })
  );
}

/** Decision 13: without new items, amounts follow a changed total only when all are percentages. */
function followTotal(
  schedule: InvoiceSchedule,
  context: CreateScheduleContext,
): Result<readonly InvoiceScheduleItem[], UpdateError> {
  const currency = context.currency;
  const allPercentages = schedule.items.every((i) => i.percentage !== null);
  const resolved = resolveItemAmounts(
    // The stored percentages as they are: stored before SCHEDULE_LIMITS.percentageDecimalPlaces, they may
    // have more decimals than a request may now give.
    schedule.items.map((i) => ({
      amount: allPercentages ? null : i.amount,
      percentage: allPercentages ? i.percentage : null,
      storedPercentage: i.percentage,
    })),
    schedule.totalAmount,
    currency,
    context.settings,
  );
  if (resolved.isErr()) return err(resolved.error);
  return ok(
    Object.freeze(
      schedule.items.map((item, index) => {
        const amount = (resolved.value[index] as { amount: Decimal }).amount;
        return Object.freeze({ ...item, amount, actualAmount: amount });
      }),
    ),
  );
}

function same(a: Decimal | null, b: unknown): boolean {
  if (a === null) return b === null || b === undefined;
  if (b === null || b === undefined) return false;
  try {
    return a.eq(new Dec(b as string));
  } catch {
    return false;
  }
}

/**
 * The first field of a processed item that a request entry changes, or `null` (§5.1: processed
 * items are sent back with their original values; §3.3: only pending items change). A field left
 * out counts as blank, as the run date always has: a stored name or target date left out is a
 * change. The one leniency, kept from the start: a percentage item may come back with neither
 * amount nor percentage. Given both (as a read answers), both must be the stored ones.
 */
function changedField(
  stored: InvoiceScheduleItem,
  r: ParsedItemInput,
): Exclude<ProcessedItemChanged['field'], 'item'> | null {
  if (r.runDate !== stored.runDate) return 'runDate';
  if (!given(r.percentage)) {
    if (!(same(stored.amount, r.amount) || (!given(r.amount) && stored.percentage !== null))) return 'amount';
  } else if (!same(stored.percentage, r.percentage)) {
    return 'percentage';
  } else if (given(r.amount) && !same(stored.amount, r.amount)) {
    // A percentage item given back as read (its percentage and its amount): the amount must be the stored one
    // too, as for an amount item (was: any amount, or a value that is no amount, was accepted beside it).
    return 'amount';
  }
  if (r.name !== stored.name) return 'name';
  if (r.targetDateForAdditionalSubscriptions !== stored.targetDateForAdditionalSubscriptions) {
    return 'targetDateForAdditionalSubscriptions';
  }
  // Issue 13: left out, custom fields stay as stored (a client unaware of them loses nothing); given,
  // they must be the stored ones: the item's invoice carries them (C18: reverse it first).
  if (r.customFields !== null && !sameCustomFields(r.customFields, stored.customFields))
    return 'customFields';
  return null;
}

/** "field X cannot change — send it back with Y" for a processed item. */
function originalValue(
  stored: InvoiceScheduleItem,
  field: Exclude<ProcessedItemChanged['field'], 'item'>,
  currency: Currency,
): { readonly label: string; readonly original: string } {
  const amount = stored.amount.toFixed(currency.minorUnits);
  switch (field) {
    case 'runDate':
      return {
        label: 'run date',
        original: stored.runDate === null ? 'a blank run date' : `run date ${stored.runDate}`,
      };
    case 'amount':
    case 'percentage':
      return {
        label: field,
        original:
          stored.percentage === null
            ? `amount ${amount}`
            : `percentage ${stored.percentage.toFixed()} (or amount ${amount})`,
      };
    case 'name':
      return { label: 'name', original: stored.name === null ? 'no name' : `name "${stored.name}"` };
    case 'customFields':
      return { label: 'custom fields', original: describeCustomFields(stored.customFields) };
    case 'targetDateForAdditionalSubscriptions':
      return {
        label: 'targetDateForAdditionalSubscriptions',
        original:
          stored.targetDateForAdditionalSubscriptions === null
            ? 'no target date'
            : `target date ${stored.targetDateForAdditionalSubscriptions}`,
      };
  }
}

/**
 * The requested items as `readItemAmounts` and `resolveItemAmounts` take them: a processed item (by its id)
 * keeps its stored amount and percentage (the request's are checked against them, `ProcessedItemChanged`);
 * a pending one given back with its stored percentage keeps it, whatever its decimals.
 */
function amountInputs(
  schedule: InvoiceSchedule,
  requested: readonly (ParsedItemInput & { readonly id: string | null })[],
): ItemAmountInput[] {
  const byId = new Map(schedule.items.map((i) => [i.id, i]));
  return requested.map((r) => {
    const stored = r.id === null ? undefined : byId.get(r.id);
    if (stored?.status === 'Processed') {
      return { ...r, kept: { amount: stored.amount, percentage: stored.percentage } };
    }
    return stored === undefined ? r : { ...r, storedPercentage: stored.percentage };
  });
}

/** An item of an update request: with the id of the stored item it updates, `null` for a new one. */
type RequestedItem = ParsedItemInput & { readonly id: string | null };

/**
 * The error for the first new or pending item a request places before a processed item, or `null` (§4.2 rule
 * 10, §6.2): items are processed in sequence, so the processed ones come first. Run dates increasing is not
 * enough — a new item dated before the first processed one would be next to run, billing service after the
 * processed item's on an invoice dated before it, and no later date could be set for the schedule. The run date
 * it must follow is the last processed item's.
 */
function pendingBeforeProcessed(
  schedule: InvoiceSchedule,
  requested: readonly RequestedItem[],
): ScheduleError | null {
  const byId = new Map(schedule.items.map((i) => [i.id, i]));
  const processed = (r: RequestedItem) => r.id !== null && byId.get(r.id)?.status === 'Processed';
  let last = -1;
  for (let k = requested.length - 1; k >= 0 && last < 0; k--)
    if (processed(requested[k] as RequestedItem)) last = k;
  const index = requested.findIndex((r, k) => k < last && !processed(r));
  if (index < 0) return null;
  const item = requested[index] as RequestedItem;
  const after = requested[last] as RequestedItem;
  const previous = String(after.runDate);
  return scheduleError({
    type: 'RunDatesNotIncreasing',
    message: `items[${index}]${item.id === null ? ' (a new item)' : ` (id ${item.id})`} is pending but comes before items[${last}] (id ${after.id}), which is processed (run date ${previous}): a pending item cannot run before a processed item — it would be billed after it, on an invoice dated before it. Give it a run date after ${previous}, the last processed item's, and place it after the processed items (§4.2 rule 10, §6.2).`,
    itemIndex: index,
    runDate: String(item.runDate),
    previousRunDate: previous,
  });
}

function replaceItems(
  schedule: InvoiceSchedule,
  requested: readonly (ParsedItemInput & { readonly id: string | null })[],
  context: CreateScheduleContext | null,
  newItemIds: () => string,
): Result<readonly InvoiceScheduleItem[], UpdateError> {
  const currency = context?.currency ?? getCurrency(schedule.currency)._unsafeUnwrap();
  const byId = new Map(schedule.items.map((i) => [i.id, i]));
  /** The request's index of each stored item it gives. */
  const seen = new Map<string, number>();
  // §5.1: "When every item was defined by percentage, amount cannot be updated directly."
  const allPercentages = schedule.items.every((i) => i.percentage !== null);
  // §5.1: once an item is processed and the total changed, percentages can no longer change;
  // pending items keep their actual amounts and the last one takes the unbilled remainder. The
  // total "changed" when what the schedule must bill (§8.1) is no longer its total amount.
  const percentagesLocked =
    schedule.items.some((i) => i.status === 'Processed') && !schedule.actualAmount.eq(schedule.totalAmount);
  for (const [index, r] of requested.entries()) {
    let stored: InvoiceScheduleItem | undefined;
    if (r.id !== null) {
      stored = byId.get(r.id);
      if (!stored) return err(invoiceScheduleItemNotFound(schedule.number, r.id));
      const first = seen.get(r.id);
      if (first !== undefined) return err(repeatedScheduleItem(schedule.number, r.id, first, index));
      seen.set(r.id, index);
      if (stored.status === 'Processed') {
        const field = changedField(stored, r);
        if (field !== null) {
          const { label, original } = originalValue(stored, field, currency);
          return err(
            processedItemChanged(schedule.number, r.id, { field, itemIndex: index, label, original }),
          );
        }
        continue;
      }
    }
    const itemRef = `items[${index}]${r.id === null ? ' (a new item)' : ` (id ${r.id})`}`;
    if (allPercentages && given(r.amount) && !given(r.percentage)) {
      return err(
        scheduleError({
          type: 'ItemKindChanged',
          message: `${itemRef} gives an amount, but every item of ${schedule.number} is a percentage, so amounts follow the total and cannot be set directly (§5.1, §7.6); give it a percentage instead.`,
          invoiceScheduleNumber: schedule.number,
          itemIndex: index,
          itemId: r.id,
        }),
      );
    }
    const storedPercentage = stored?.percentage ?? null;
    const keepsPercentage =
      storedPercentage === null ? !given(r.percentage) : same(storedPercentage, r.percentage);
    if (percentagesLocked && !keepsPercentage) {
      const fix =
        storedPercentage !== null
          ? `send it back with its percentage ${storedPercentage.toFixed()}`
          : allPercentages
            ? 'keep the pending items with their percentages (no item can be added)'
            : 'give it an amount instead';
      return err(
        scheduleError({
          type: 'PercentageLocked',
          message: `${itemRef} ${storedPercentage === null ? 'sets a percentage' : 'changes its percentage'}, but ${schedule.number} has a processed item and its total changed (total ${schedule.totalAmount.toFixed(currency.minorUnits)}, now ${schedule.actualAmount.toFixed(currency.minorUnits)} to bill), so percentages can no longer change: pending items keep their actual amounts and the last one takes the unbilled remainder (§5.1); ${fix}.`,
          invoiceScheduleNumber: schedule.number,
          itemIndex: index,
          itemId: r.id,
          percentage: storedPercentage === null ? null : storedPercentage.toFixed(),
          totalAmount: schedule.totalAmount.toFixed(currency.minorUnits),
          actualAmount: schedule.actualAmount.toFixed(currency.minorUnits),
        }),
      );
    }
  }
  for (const stored of schedule.items) {
    if (stored.status === 'Processed' && !seen.has(stored.id)) {
      return err(processedItemChanged(schedule.number, stored.id, { field: 'item' }));
    }
  }
  const early = pendingBeforeProcessed(schedule, requested);
  if (early !== null) return err(early);
  if (requested.length === 0) {
    return err(noScheduleItems());
  }
  // Processed items keep their stored amount and percentage (the request's were checked against them):
  // their percentages count towards the 100, and the last pending percentage item takes the cents their
  // rounding took, so the amounts still add up to the total (§5.1, §7.6). Their amount, not what they
  // billed: amounts add up to the total amount, actual amounts to what the schedule must bill (§2.4, §8.2).
  const amounts = resolveItemAmounts(amountInputs(schedule, requested), schedule.totalAmount, currency, {
    rounding: context?.settings.rounding ?? 'halfUp',
  });
  if (amounts.isErr()) return err(amounts.error);
  return ok(
    Object.freeze(
      requested.map((r, index) => {
        const resolved = amounts.value[index] as { amount: Decimal; percentage: Decimal | null };
        const stored = r.id === null ? undefined : byId.get(r.id);
        if (stored?.status === 'Processed') return Object.freeze({ ...stored, sequence: index + 1 });
        return Object.freeze({
          id: stored?.id ?? newItemIds(),
          sequence: index + 1,
          name: r.name,
          runDate: r.runDate,
          amount: resolved.amount,
          percentage: resolved.percentage,
          actualAmount: resolved.amount,
          billedAmount: ZERO,
          targetDateForAdditionalSubscriptions: r.targetDateForAdditionalSubscriptions,
          status: 'Pending' as const,
          invoiceNumber: null,
          dueDate: null,
          creditMemoNumbers: stored?.creditMemoNumbers ?? Object.freeze([]),
          generation: stored?.generation ?? 0,
          customFields: r.customFields ?? stored?.customFields ?? NO_CUSTOM_FIELDS,
        });
      }),
    ),
  );
}

/**
 * §6.6 rules 1 and 5: once every item is processed, `nextRunDate` is null unless a credit is due (rule 3),
 * whose date an update may move (rule 4: C22 pulls it earlier). With nothing pending and no credit due
 * nothing is left to run: a date set then would never be used up by a processing and would show for ever,
 * so an update that sets one is refused (`InvalidScheduleStatus`, operation `setNextRunDate`; §3.3 lists no
 * nextRunDate edit on a fully processed schedule); so is one while the next pending item's run date is blank and
 * no credit is due (rule 1: nothing is processed until the date is filled in). While an item is pending the date must lie after the last
 * processed item's run date and on or before the pending item's (`InvalidInput` at `nextRunDate`).
 * `schedule` is the schedule as the update left it, `states` its charges now. Pure.
 * @internal
 */
export function checkNextRunDateOverride(
  schedule: InvoiceSchedule,
  states: readonly ChargeState[],
): Result<InvoiceSchedule, InvalidScheduleStatus | InvalidInput> {
  const pending = schedule.items.find((i) => i.status !== 'Processed');
  if (chargeCredits(states).length === 0) {
    if (pending === undefined) {
      return err(invalidScheduleStatus(schedule.number, schedule.status, 'setNextRunDate'));
    }
    // Rule 1: while the next pending item's run date is blank nothing is processed (a blank item waits for its
    // date, §2.2), so a date set then would never be used up either.
    if (pending.runDate === null) {
      return err(nextRunDateBeforeBlankItem(schedule.number, schedule.status, pending.sequence));
    }
  }
  const date = schedule.nextRunDateOverride;
  if (pending === undefined || date === null) return ok(schedule);
  // With an item pending, the date pulls it forward (rule 4): not past its own run date, which bill runs keep to
  // whatever the schedule shows (a later date would show a day nothing waits for), and after the run date of
  // the last item processed, as the item's own run date must be (§4.2 rule 10): its documents are dated the
  // day it was pulled forward to (decision 18), never before the previous item's.
  const last = schedule.items.filter((i) => i.status === 'Processed').at(-1)?.runDate ?? null;
  const tooEarly = last !== null && !isAfter(date, last);
  const tooLate = pending.runDate !== null && isAfter(date, pending.runDate);
  if (!tooEarly && !tooLate) return ok(schedule);
  const bounds = [
    last === null ? null : `after ${last} (the run date of the last processed item)`,
    pending.runDate === null ? null : `on or before ${pending.runDate} (the next pending item's run date)`,
  ].filter((b): b is string => b !== null);
  return err(
    invalidInput(
      'nextRunDate',
      `a date ${bounds.join(' and ')}: the date pulls the next item forward; to bill it later, change its run date`,
      date,
    ),
  );
}

/**
 * Pauses a schedule (reference §5.3): allowed in every status; bill runs and execute skip it.
 * Pausing a paused schedule returns it unchanged.
 * @since 0.1.0
 */
export function pauseSchedule(schedule: InvoiceSchedule): InvoiceSchedule {
  if (schedule.status === 'Paused') return schedule;
  return refreshSchedule({
    ...schedule,
    status: 'Paused',
    statusBeforePause: schedule.status,
    version: schedule.version + 1,
  });
}

/**
 * Resumes a paused schedule: the status it had before pausing comes back, recomputed from the
 * items (reference §5.3). Resuming a schedule that is not paused returns it unchanged.
 * @since 0.1.0
 */
export function resumeSchedule(schedule: InvoiceSchedule): InvoiceSchedule {
  if (schedule.status !== 'Paused') return schedule;
  return refreshSchedule({
    ...schedule,
    status: schedule.statusBeforePause,
    statusBeforePause: null,
    version: schedule.version + 1,
  });
}

/**
 * Deletes a schedule (reference §5.2, issue 13): only while Pending; the result is its next version,
 * marked `deleted: true` — the record is kept, and the operations treat it as gone. Pure.
 * @since 0.2.0
 */
export function deleteSchedule(schedule: InvoiceSchedule): Result<InvoiceSchedule, ScheduleError> {
  return checkDeletable(schedule).map((s) => Object.freeze({ ...s, deleted: true, version: s.version + 1 }));
}

/**
 * Whether a schedule may be deleted (reference §5.2): only while Pending; the error says what to do first
 * (resume a paused schedule, cancel or reverse the invoices of processed items).
 * @since 0.1.0
 */
export function checkDeletable(schedule: InvoiceSchedule): Result<InvoiceSchedule, ScheduleError> {
  if (schedule.status !== 'Pending') {
    return err(scheduleNotDeletable(schedule.number, schedule.status, schedule.statusBeforePause));
  }
  return ok(schedule);
}
