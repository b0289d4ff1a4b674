import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import type { Currency } from '../../money/currency';
import { Dec, ZERO } from '../../money/decimal';
import { amountFormError, amountSizeError, hasDecimalForm, parseAmount } from '../../money/money';
import { roundToCurrency } from '../../money/rounding';
import type { BusinessDate } from '../../time/date';
import type { Account } from '../contract/account';
import type { Subscription } from '../contract/subscription';
import { NO_CUSTOM_FIELDS } from '../custom-fields';
import {
  type DomainError,
  type InvalidInput,
  invalidInput,
  type SubscriptionNotSchedulable,
} from '../errors';
import type { Order } from '../order/order';
import type { TenantSettings } from '../settings';
import { coverOrders } from './cover';
import {
  checkScheduleLimits,
  type ParsedCreateInput,
  type ParsedItemInput,
  SCHEDULE_LIMITS,
} from './create-request';
import {
  type ItemAmountAndPercentage,
  type ItemAmountMissing,
  type ItemAmountNotPositive,
  type ItemPercentageOutOfRange,
  type ItemPercentageTooPrecise,
  itemAmountAndPercentage,
  itemAmountMissing,
  itemAmountNotPositive,
  type ScheduleError,
  scheduleError,
} from './errors';
import {
  firstRunDateViolation,
  type InvoiceSchedule,
  type InvoiceScheduleItem,
  refreshSchedule,
} from './schedule';

// Creating a schedule is split by responsibility: the request and its shape checks
// (create-request.ts), the charges it covers (cover.ts), and here the decision: item amounts, run
// dates and the new schedule. This module stays the one other modules import from.
export { chargesIntroducedBy, coverOrders, orderSubscriptionNumbers, resolveCoveredCharges } from './cover';
export {
  type CreateInvoiceScheduleInput,
  checkScheduleLimits,
  type InvoiceScheduleItemInput,
  type ParsedCreateInput,
  type ParsedItemInput,
  parseCreateInvoiceScheduleInput,
  readItemInput,
  readOptionalDate,
  SCHEDULE_LIMITS,
} from './create-request';

/**
 * What creating a schedule needs from the store, loaded by the operation.
 * @since 0.1.0
 */
export interface CreateScheduleContext {
  readonly account: Account;
  readonly currency: Currency;
  /** The listed orders that exist, by number. */
  readonly orders: ReadonlyMap<string, Order>;
  /** Every subscription the orders and specific subscriptions name, by number. */
  readonly subscriptions: ReadonlyMap<string, Subscription>;
  /** Charges already in a schedule: key `subscription/charge` → schedule number. */
  readonly scheduledCharges: ReadonlyMap<string, string>;
  /** Charges already billed: key `subscription/charge` → invoice number. */
  readonly billedCharges: ReadonlyMap<string, string>;
  readonly settings: TenantSettings;
}

/**
 * Fresh identifiers for the new schedule, allocated by the operation.
 * @since 0.1.0
 */
export interface NewScheduleIds {
  readonly id: string;
  readonly number: string;
  readonly itemIds: readonly string[];
}

/** What creating a schedule (or changing its orders) can fail with. @internal */
export type CreateError = ScheduleError | DomainError | SubscriptionNotSchedulable;

/**
 * Builds a new invoice schedule from a parsed request and what the store holds, enforcing every
 * rule of reference §4.2 and the limits of §9. Pure: nothing is read or written.
 * @since 0.1.0
 */
export function createInvoiceScheduleFrom(
  input: ParsedCreateInput,
  context: CreateScheduleContext,
  ids: NewScheduleIds,
): Result<InvoiceSchedule, CreateError> {
  // The request's own fields first — limits, each item's amount or percentage (at the currency's scale),
  // run dates — then what needs the store's orders and charges (coverage, the total).
  const limits = checkScheduleLimits(input);
  if (limits.isErr()) return err(limits.error);
  // At the currency's scale when it is the account's; a covered subscription in another currency (another
  // owner's order) is the coverage's error, so its scale is left to the amounts' resolution.
  const read =
    context.currency.code === context.account.currency
      ? readItemAmounts(input.items, context.currency)
      : checkItemForms(input.items);
  if (read.isErr()) return err(read.error);
  const violation = firstRunDateViolation(input.items.map((i) => i.runDate));
  if (violation >= 0) return err(runDateError(input.items, violation));
  const cover = coverOrders(input.orders, input.specificSubscriptions, context);
  if (cover.isErr()) return err(cover.error);
  const { charges, total } = cover.value;
  const amounts = resolveItemAmounts(input.items, total, context.currency, context.settings);
  if (amounts.isErr()) return err(amounts.error);
  const items: InvoiceScheduleItem[] = input.items.map((item, index) => {
    const resolved = amounts.value[index] as ResolvedAmount;
    return Object.freeze({
      id: ids.itemIds[index] as string,
      sequence: index + 1,
      name: item.name,
      runDate: item.runDate,
      amount: resolved.amount,
      percentage: resolved.percentage,
      actualAmount: resolved.amount,
      billedAmount: ZERO,
      targetDateForAdditionalSubscriptions: item.targetDateForAdditionalSubscriptions,
      status: 'Pending' as const,
      invoiceNumber: null,
      dueDate: null,
      creditMemoNumbers: Object.freeze([]),
      generation: 0,
      customFields: item.customFields ?? NO_CUSTOM_FIELDS,
    });
  });
  return ok(
    refreshSchedule({
      id: ids.id,
      number: ids.number,
      accountNumber: context.account.number,
      currency: context.currency.code,
      status: 'Pending',
      statusBeforePause: null,
      totalAmount: total,
      actualAmount: total,
      billedAmount: ZERO,
      unbilledAmount: total,
      nextRunDate: null,
      nextRunDateOverride: null,
      notes: input.notes,
      invoiceSeparately: input.invoiceSeparately,
      customFields: input.customFields,
      orders: Object.freeze([...input.orders]),
      specificSubscriptions: input.specificSubscriptions,
      additionalSubscriptionsToBill: input.additionalSubscriptionsToBill,
      charges: Object.freeze(charges),
      items: Object.freeze(items),
      version: 1,
    }),
  );
}

interface ResolvedAmount {
  readonly amount: Decimal;
  readonly percentage: Decimal | null;
}

/**
 * One item whose amount {@link resolveItemAmounts} resolves: an `amount` or a `percentage` as a request
 * gives it, or — for an item already processed — `kept`, its stored amount and percentage, which stay as
 * they are (§3.3: processed items do not change). `storedPercentage` is a pending item's stored
 * percentage: given back unchanged, it keeps its decimals, even more than
 * `SCHEDULE_LIMITS.percentageDecimalPlaces` (a schedule stored before the limit stays editable); the limit
 * applies to a percentage the request adds or changes.
 * @internal
 */
export type ItemAmountInput = Pick<ParsedItemInput, 'amount' | 'percentage'> & {
  readonly kept?: ResolvedAmount;
  readonly storedPercentage?: Decimal | null;
};

/**
 * Which of amount and percentage an item gives (§4.2 rule 7): exactly one of them, else
 * `ItemAmountAndPercentage` or `ItemAmountMissing`. The one reading of it, by `resolveItemAmounts` and by
 * the request validator, so both answer the same error in the same order. An amount or percentage is
 * given when neither `null` nor left out.
 * @internal
 */
export function readItemAmountForm(
  item: Pick<ParsedItemInput, 'amount' | 'percentage'>,
  index: number,
): Result<'amount' | 'percentage', ItemAmountAndPercentage | ItemAmountMissing> {
  const hasAmount = item.amount !== null && item.amount !== undefined;
  const hasPercentage = item.percentage !== null && item.percentage !== undefined;
  if (hasAmount && hasPercentage) return err(itemAmountAndPercentage(index));
  if (!hasAmount && !hasPercentage) return err(itemAmountMissing(index));
  return ok(hasAmount ? 'amount' : 'percentage');
}

/**
 * Reads each item's amount or percentage as the request gives it, in item order, before anything of the
 * total (§4.2 rule 7): amount xor percentage (`ItemAmountAndPercentage`, `ItemAmountMissing`), an amount of
 * an amount's form at the currency's scale (`InvalidAmount`, `AmountTooPrecise`) and above zero
 * (`ItemAmountNotPositive`), a percentage read whole (`parsePercentage`). A `kept` item is taken as stored.
 * The request's own checks of its items, which `createInvoiceScheduleFrom` runs before it reads the covered
 * charges, and `resolveItemAmounts` starts with. @internal
 */
export function readItemAmounts(
  items: readonly ItemAmountInput[],
  currency: Currency,
): Result<{ readonly fixed: (Decimal | null)[]; readonly percentages: (Decimal | null)[] }, CreateError> {
  const fixed: (Decimal | null)[] = [];
  const percentages: (Decimal | null)[] = [];
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as ItemAmountInput;
    if (item.kept !== undefined) {
      // A processed item: its amount is what it was set up to bill, whatever its share of the total.
      fixed.push(item.kept.amount);
      percentages.push(item.kept.percentage);
      continue;
    }
    const form = readItemAmountForm(item, index);
    if (form.isErr()) return err(form.error);
    if (form.value === 'amount') {
      const amount = parseAmount(item.amount as string, currency, `items[${index}].amount`);
      if (amount.isErr()) return err(amount.error);
      if (amount.value.lte(0)) {
        return err(itemAmountNotPositive(index, amount.value));
      }
      fixed.push(amount.value);
      percentages.push(null);
    } else {
      const pct = parsePercentage(item.percentage, index, item.storedPercentage ?? null);
      if (pct.isErr()) return err(pct.error);
      fixed.push(null);
      percentages.push(pct.value);
    }
  }
  return ok({ fixed, percentages });
}

/**
 * A create request's items as far as no currency is needed (§4.2 rule 7): an amount or a percentage
 * (`readItemAmountForm`: `ItemAmountAndPercentage`, `ItemAmountMissing`), an amount of an amount's form
 * (`InvalidAmount`: a decimal string, a finite number or Decimal) and above zero (`ItemAmountNotPositive`),
 * too large in every currency (`InvalidAmount`: 30 digits before the point, a JS number of 15 digits), a
 * percentage read whole (`InvalidInput`, `ItemPercentageOutOfRange`, `ItemPercentageTooPrecise`). Each
 * error is built as {@link readItemAmounts} builds it. @internal
 */
export function checkItemForms(
  items: readonly Pick<ParsedItemInput, 'amount' | 'percentage'>[],
): Result<void, ScheduleError | DomainError> {
  for (const [i, item] of items.entries()) {
    const form = readItemAmountForm(item, i);
    if (form.isErr()) return err(form.error);
    if (form.value === 'amount') {
      const amountForm =
        amountFormError(item.amount, `items[${i}].amount`) ??
        amountSizeError(item.amount, `items[${i}].amount`);
      if (amountForm !== null) return err(amountForm);
      // Any scale: the currency's is checked once the schedule's currency is known.
      const amount = new Dec(Dec.isDecimal(item.amount) ? item.amount : (item.amount as string | number));
      if (amount.lte(0)) return err(itemAmountNotPositive(i, amount));
    } else {
      const percentage = parsePercentage(item.percentage, i);
      if (percentage.isErr()) return err(percentage.error);
    }
  }
  return ok(undefined);
}

/**
 * What a create request's own fields must pass, with no store and no currency: the limits of §9
 * (`checkScheduleLimits`), each item's form (`checkItemForms`) and the run dates' order (§4.2 rule 10:
 * `RunDatesNotIncreasing`, `BlankRunDateNotLast`). `createInvoiceSchedule` runs it before it reads anything,
 * and the validator `parseCreateInvoiceScheduleRequest` answers with it. @internal
 */
export function checkCreateRequest(input: ParsedCreateInput): Result<void, ScheduleError | DomainError> {
  const limits = checkScheduleLimits(input);
  if (limits.isErr()) return err(limits.error);
  const forms = checkItemForms(input.items);
  if (forms.isErr()) return err(forms.error);
  const violation = firstRunDateViolation(input.items.map((i) => i.runDate));
  if (violation >= 0) return err(runDateError(input.items, violation));
  return ok(undefined);
}

/**
 * Turns item amounts and percentages into amounts (§4.2 rules 7–9, §7.6): amount xor percentage, no
 * zero item, decimals within the currency, percentages of at most
 * `SCHEDULE_LIMITS.percentageDecimalPlaces` decimals (but for stored ones given back unchanged) adding up
 * to exactly 100 when every item (a kept one with its stored percentage) is a percentage, each resolved
 * against the total, the last pending percentage item taking what makes the items add up to the total when
 * the percentages cover it (all of them, or with the amount items less than one minor unit off it), Σ = total;
 * the first item whose amount is not above zero is the one named.
 * @since 0.1.0
 */
export function resolveItemAmounts(
  items: readonly ItemAmountInput[],
  total: Decimal,
  currency: Currency,
  settings: Pick<TenantSettings, 'rounding'>,
): Result<readonly ResolvedAmount[], CreateError> {
  const read = readItemAmounts(items, currency);
  if (read.isErr()) return err(read.error);
  const { fixed, percentages } = read.value;
  // Sums and shares of percentages are exact: in Dec when every percentage is within
  // SCHEDULE_LIMITS.percentageDecimalPlaces, else (stored before the limit) with the digits they need.
  const Exact = exactConstructor(percentages, total, items.length);
  const exactTotal = Exact === Dec ? total : new Exact(total);
  // §4.2 rule 7: every item a percentage (a processed one with its stored percentage) → they add up to
  // exactly 100.
  const allPercentages = percentages.every((p) => p !== null);
  if (allPercentages) {
    const sum = percentages.reduce((acc: Decimal, p) => acc.plus(p as Decimal), new Exact(0));
    if (!sum.eq(100)) {
      return err(
        scheduleError({
          type: 'PercentagesDoNotSumTo100',
          message: `The item percentages add up to ${sum.toFixed()}; they must add up to 100.`,
          sum: sum.toFixed(),
        }),
      );
    }
  }
  // Exact too, so each share is rounded once, to the currency.
  const share = (i: number) => exactTotal.times(percentages[i] as Decimal).div(100);
  const amounts = fixed.map((f, i) => f ?? roundToCurrency(share(i), currency, settings.rounding));
  // §7.6, §5.1: the last pending percentage item takes what makes the items add up to the total — when
  // the percentages cover it: all of them add up to 100, or with the amount items their exact shares come
  // less than one minor unit off the total (what they must cover, (total − amounts) ÷ total × 100 %, seldom ends
  // within 10 decimals: a deposit and three equal thirds of the rest). Processed items count with their
  // stored amounts, so the cents their rounding took are made up here.
  let last = -1;
  for (let i = 0; i < items.length; i++) {
    if (percentages[i] !== null && (items[i] as ItemAmountInput).kept === undefined) last = i;
  }
  const covered =
    last >= 0 &&
    (allPercentages ||
      percentages
        .reduce((acc: Decimal, p, i) => acc.plus(p === null ? (fixed[i] as Decimal) : share(i)), new Exact(0))
        .minus(exactTotal)
        .abs()
        .lt(new Exact(10).pow(-currency.minorUnits)));
  // Entry by entry, in the request's order (the first faulty entry is the one named): the last percentage
  // item's amount is what the others leave.
  for (let i = 0; i < amounts.length; i++) {
    if (covered && i === last) {
      const others = amounts.reduce((acc: Decimal, a, j) => (j === last ? acc : acc.plus(a)), ZERO);
      const rest = total.minus(others);
      if (rest.lte(0)) return err(remainderNotPositive(last, rest, share(last), total, currency));
      amounts[last] = rest;
    } else if ((items[i] as ItemAmountInput).kept === undefined && (amounts[i] as Decimal).lte(0)) {
      return err(
        percentages[i] !== null && total.isZero()
          ? worthNothing(i, amounts[i] as Decimal)
          : itemAmountNotPositive(i, amounts[i] as Decimal),
      );
    }
  }
  const itemsSum = amounts.reduce((acc: Decimal, a) => acc.plus(a), ZERO);
  if (!itemsSum.eq(total)) {
    return err(
      scheduleError({
        type: 'ScheduleTotalMismatch',
        message: `The items add up to ${itemsSum.toFixed(currency.minorUnits)} but the covered charges are worth ${total.toFixed(currency.minorUnits)}; change the item amounts so they add up to the total (§4.2 rule 8).`,
        totalAmount: total.toFixed(currency.minorUnits),
        itemsSum: itemsSum.toFixed(currency.minorUnits),
      }),
    );
  }
  return ok(amounts.map((amount, i) => Object.freeze({ amount, percentage: percentages[i] ?? null })));
}

/**
 * The Decimal constructor in which `percentages`, their sum, their shares of `total` and the sum of those
 * (for `count` items) are exact. Dec when its 60 digits suffice, as they always do within
 * `SCHEDULE_LIMITS.percentageDecimalPlaces` (10 decimals; a total has at most some 35 digits); else — a
 * percentage stored before that limit, of up to `INPUT_LIMITS.stringLength` characters — a clone of it
 * with enough digits: a share of the total has the total's digits and the percentage's decimals, plus the
 * 2 of the division by 100, and a sum of `count` of them the digits of `count` more.
 */
function exactConstructor(
  percentages: readonly (Decimal | null)[],
  total: Decimal,
  count: number,
): typeof Dec {
  let decimals = 0;
  for (const p of percentages) if (p !== null) decimals = Math.max(decimals, p.decimalPlaces());
  if (decimals <= SCHEDULE_LIMITS.percentageDecimalPlaces) return Dec;
  const totalDigits = Math.max(total.e + 1, 1) + total.decimalPlaces();
  return Dec.clone({ precision: totalDigits + 3 + decimals + 2 + String(count).length });
}

/** The last pending percentage item would be left with `rest` ≤ 0 by the others' rounded amounts. */
function remainderNotPositive(
  index: number,
  rest: Decimal,
  exactShare: Decimal,
  total: Decimal,
  currency: Currency,
): ItemAmountNotPositive {
  if (total.isZero()) return worthNothing(index, rest);
  return scheduleError({
    type: 'ItemAmountNotPositive',
    message: `items[${index}] is the last pending percentage item, so it takes what the other items leave of the total ${total.toFixed(currency.minorUnits)}: ${rest.toFixed(currency.minorUnits)} (its exact share is ${exactShare.toFixed()}); item amounts must be above zero (§4.2 rule 7, §7.6) — give it a larger percentage and the items before it smaller ones.`,
    itemIndex: index,
    amount: rest.toFixed(),
  });
}

/** A percentage item of a total of 0.00: the covered charges are worth nothing (review 138). */
function worthNothing(index: number, amount: Decimal): ItemAmountNotPositive {
  return scheduleError({
    type: 'ItemAmountNotPositive',
    message: `items[${index}] is a percentage of a total of 0.00: the covered charges are worth 0.00 (zero-priced or discounted 100 %), so there is nothing to schedule; item amounts must be above zero (§4.2 rule 7) — cover charges worth something.`,
    itemIndex: index,
    amount: amount.toFixed(),
  });
}

/** At most this many characters of a percentage are quoted in an error. */
const SHOWN_PERCENTAGE = 40;

/** A percentage as an error quotes it: its decimal string, cut short (with `…`) when long. */
function shownPercentage(value: Decimal): string {
  const text = value.toFixed();
  return text.length > SHOWN_PERCENTAGE ? `${text.slice(0, SHOWN_PERCENTAGE)}…` : text;
}

/**
 * The `InvalidInput` `parsePercentage` answers for a percentage of the wrong form — not a plain
 * decimal string (`/^-?\d+(\.\d+)?$/`), a finite number or a finite Decimal — or `null` when its form is
 * right. What a request validator checks of a percentage whose value a stored item may make right.
 * @internal
 */
export function percentageFormError(input: unknown, index: number): InvalidInput | null {
  return hasDecimalForm(input)
    ? null
    : invalidInput(`items[${index}].percentage`, 'a percentage as a decimal string such as "20"', input);
}

/**
 * Reads an item's percentage as the schedule operations do (§4.2 rule 7): of the right form
 * (`percentageFormError`: `InvalidInput`), above 0 and at most 100 (`ItemPercentageOutOfRange`),
 * with at most `SCHEDULE_LIMITS.percentageDecimalPlaces` decimals (`ItemPercentageTooPrecise`) unless it
 * equals `stored`, the item's stored percentage given back unchanged (stored before the limit, it keeps
 * its decimals). `index` is the item's position in the request, which the errors name. Used by
 * `resolveItemAmounts` and by the create request's validator, so both answer the same error:
 * `parsePercentage('33.3333333333', 0)` is Ok, `parsePercentage('33.333333333333', 0)`
 * `ItemPercentageTooPrecise`.
 * @internal
 */
export function parsePercentage(
  input: unknown,
  index: number,
  stored: Decimal | null = null,
): Result<Decimal, InvalidInput | ItemPercentageOutOfRange | ItemPercentageTooPrecise> {
  const path = `items[${index}].percentage`;
  const form = percentageFormError(input, index);
  if (form !== null) return err(form);
  const value = new Dec(Dec.isDecimal(input) ? (input as Decimal).toString() : (input as string | number));
  if (value.lte(0) || value.gt(100)) {
    const shown = shownPercentage(value);
    return err(
      scheduleError({
        type: 'ItemPercentageOutOfRange',
        message: `${path} is ${shown}; a percentage must be above 0 and at most 100 (§4.2 rule 7).`,
        itemIndex: index,
        percentage: shown,
      }),
    );
  }
  // Bounded so that sums and shares are exact: a sum above 100 only in its 61st digit would round to 100.
  const maxDecimalPlaces = SCHEDULE_LIMITS.percentageDecimalPlaces;
  if (value.decimalPlaces() > maxDecimalPlaces && !(stored !== null && value.eq(stored))) {
    const shown = shownPercentage(value);
    return err(
      scheduleError({
        type: 'ItemPercentageTooPrecise',
        message: `${path} is ${shown}, with ${value.decimalPlaces()} decimal places; a percentage has at most ${maxDecimalPlaces} (SCHEDULE_LIMITS.percentageDecimalPlaces) — round it, and make the percentages still add up to 100.`,
        itemIndex: index,
        percentage: shown,
        maxDecimalPlaces,
      }),
    );
  }
  return ok(value);
}

/** The error for the first run-date violation at `index`. @internal */
export function runDateError(
  items: readonly { readonly runDate: BusinessDate | null }[],
  index: number,
): ScheduleError {
  const item = items[index] as { readonly runDate: BusinessDate | null };
  const previous = items
    .slice(0, index)
    .map((i) => i.runDate)
    .filter((d): d is BusinessDate => d !== null)
    .at(-1);
  if (items.slice(0, index).some((i) => i.runDate === null)) {
    return scheduleError({
      type: 'BlankRunDateNotLast',
      message: `items[${index}] has a run date but an earlier item has none; blank run dates are allowed only at the end (§4.2 rule 10).`,
      itemIndex: index,
    });
  }
  return scheduleError({
    type: 'RunDatesNotIncreasing',
    message: `items[${index}] runs on ${item.runDate} which is not after the previous item's ${previous}; run dates must be strictly increasing (§4.2 rule 10).`,
    itemIndex: index,
    runDate: String(item.runDate),
    previousRunDate: String(previous),
  });
}
