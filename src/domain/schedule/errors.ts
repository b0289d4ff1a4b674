/**
 * Errors of invoice schedules, invoices and bill runs: the types (./error-types, re-exported here) and one
 * constructor per error type that is built in several places or names a record that does not exist.
 */
export * from './error-types';

import type { Decimal } from 'decimal.js';
import { listExcerpt } from '../input';
import type {
  AccountNotFound,
  BillRunAborted,
  BillRunNotFound,
  BillRunNotRunning,
  ChargeNotFound,
  CreditMemoNotFound,
  InvalidScheduleStatus,
  InvoiceHasCredits,
  InvoiceNotFound,
  InvoiceScheduleItemNotFound,
  InvoiceScheduleNotFound,
  ItemAlreadyProcessed,
  ItemAmountAndPercentage,
  ItemAmountMissing,
  ItemAmountNotPositive,
  NoScheduleItems,
  NothingToExecute,
  OrderNotFound,
  ProcessedItemChanged,
  ScheduleError,
  SubscriptionCurrencyMismatch,
  SubscriptionNotFound,
} from './error-types';

/**
 * Builds an error value. For an error built in one place with a message of its own; a type built in
 * several places, and every `…NotFound`, has its constructor below, so its message is written once.
 * @internal
 */
export function scheduleError<E extends ScheduleError>(error: E): E {
  return Object.freeze(error);
}

// ---------------------------------------------------------------------------------------------------------
// One constructor per error type that is built in several places or names a record that does not exist.

/** @internal */
export function accountNotFound(accountNumber: string): AccountNotFound {
  return scheduleError({
    type: 'AccountNotFound',
    message: `Account ${accountNumber} does not exist; create it first (saveNewAccount).`,
    accountNumber,
  });
}

/** @internal */
export function orderNotFound(orderNumber: string): OrderNotFound {
  return scheduleError({
    type: 'OrderNotFound',
    message: `Order ${orderNumber} does not exist; save it first (saveNewOrder).`,
    orderNumber,
  });
}

/** @internal */
export function subscriptionNotFound(subscriptionNumber: string): SubscriptionNotFound {
  return scheduleError({
    type: 'SubscriptionNotFound',
    message: `Subscription ${subscriptionNumber} does not exist.`,
    subscriptionNumber,
  });
}

/** @internal */
export function chargeNotFound(subscriptionNumber: string, chargeNumber: string): ChargeNotFound {
  return scheduleError({
    type: 'ChargeNotFound',
    message: `Charge ${chargeNumber} is not a charge of subscription ${subscriptionNumber}.`,
    subscriptionNumber,
    chargeNumber,
  });
}

/** @internal */
export function invoiceScheduleNotFound(invoiceScheduleNumber: string): InvoiceScheduleNotFound {
  return scheduleError({
    type: 'InvoiceScheduleNotFound',
    message: `Invoice schedule ${invoiceScheduleNumber} does not exist.`,
    invoiceScheduleNumber,
  });
}

/**
 * A bill run's `invoiceScheduleNumbers` filter names schedules that do not exist (`missing`: non-empty, in the
 * request's order). The message quotes the first five (`JSON.stringify`: a space or a quote in one shows) and
 * counts the rest; `invoiceScheduleNumbers` holds them all. @internal
 */
export function filteredSchedulesNotFound(missing: readonly string[]): InvoiceScheduleNotFound {
  const [first = ''] = missing;
  const list = listExcerpt(missing.map((n) => JSON.stringify(n)));
  return scheduleError({
    type: 'InvoiceScheduleNotFound',
    message:
      missing.length === 1
        ? `Invoice schedule ${list}, named in invoiceScheduleNumbers, does not exist; correct the number (a schedule's number such as "IS-00000001", not its id) or leave it out of the filter.`
        : `Invoice schedules ${list}, named in invoiceScheduleNumbers, do not exist; correct the numbers (a schedule's number such as "IS-00000001", not its id) or leave them out of the filter.`,
    invoiceScheduleNumber: first,
    invoiceScheduleNumbers: Object.freeze([...missing]),
  });
}

/** @internal */
export function invoiceScheduleItemNotFound(
  invoiceScheduleNumber: string,
  itemId: string,
): InvoiceScheduleItemNotFound {
  return scheduleError({
    type: 'InvoiceScheduleItemNotFound',
    message: `Invoice schedule ${invoiceScheduleNumber} has no item ${itemId}.`,
    invoiceScheduleNumber,
    itemId,
  });
}

/**
 * An update that gives the same stored item twice: {@link InvoiceScheduleItemNotFound}'s type (its code since
 * 0.1.0), with a message that names the repeat instead of saying the item does not exist. @internal
 */
export function repeatedScheduleItem(
  invoiceScheduleNumber: string,
  itemId: string,
  firstIndex: number,
  index: number,
): InvoiceScheduleItemNotFound {
  return scheduleError({
    type: 'InvoiceScheduleItemNotFound',
    message: `The update of invoice schedule ${invoiceScheduleNumber} gives item ${itemId} twice (items[${firstIndex}] and items[${index}]): give each stored item once, and leave \`id\` out of a new item.`,
    invoiceScheduleNumber,
    itemId,
  });
}

/** @internal */
export function invoiceNotFound(invoiceNumber: string): InvoiceNotFound {
  return scheduleError({
    type: 'InvoiceNotFound',
    message: `Invoice ${invoiceNumber} does not exist.`,
    invoiceNumber,
  });
}

/** @internal */
export function creditMemoNotFound(creditMemoNumber: string): CreditMemoNotFound {
  return scheduleError({
    type: 'CreditMemoNotFound',
    message: `Credit memo ${creditMemoNumber} does not exist.`,
    creditMemoNumber,
  });
}

/** @internal */
export function billRunNotFound(billRunNumber: string): BillRunNotFound {
  return scheduleError({
    type: 'BillRunNotFound',
    message: `Bill run ${billRunNumber} does not exist.`,
    billRunNumber,
  });
}

/** @internal */
export function billRunNotRunning(billRunNumber: string, status: string, kind: string): BillRunNotRunning {
  const what =
    kind === 'BillRun'
      ? `is ${status}`
      : `records a ${kind === 'ScheduleExecution' ? 'schedule execution' : 'generate billing documents call'}`;
  return scheduleError({
    type: 'BillRunNotRunning',
    message: `Bill run ${billRunNumber} ${what}: no account can be billed in it any more. Start a new bill run.`,
    billRunNumber,
    status,
  });
}

/** @internal */
export function billRunAborted(billRunNumber: string): BillRunAborted {
  return scheduleError({
    type: 'BillRunAborted',
    message: `Bill run ${billRunNumber} was aborted by its AbortSignal between two accounts; the accounts billed so far stay billed. Call runBillRun again with the same idempotency key to resume it, or completeBillRun to close it.`,
    billRunNumber,
  });
}

/** @internal */
export function subscriptionCurrencyMismatch(
  subscriptionNumber: string,
  currency: string,
  expectedCurrency: string,
): SubscriptionCurrencyMismatch {
  return scheduleError({
    type: 'SubscriptionCurrencyMismatch',
    message: `Subscription ${subscriptionNumber} is in ${currency}, not ${expectedCurrency}: an invoice schedule covers, and an account owns, subscriptions of one currency only (§4.2 rule 6; one currency per account: the library's rule).`,
    subscriptionNumber,
    currency,
    expectedCurrency,
  });
}

/** @internal */
export function noScheduleItems(): NoScheduleItems {
  return scheduleError({ type: 'NoScheduleItems', message: 'An invoice schedule needs at least one item.' });
}

/**
 * An item gives both an amount and a percentage (§4.2 rule 7). Built by `readItemAmountForm` alone, which
 * `resolveItemAmounts` and the request validator both read an item with, so they answer the same error.
 * @internal
 */
export function itemAmountAndPercentage(itemIndex: number): ItemAmountAndPercentage {
  return scheduleError({
    type: 'ItemAmountAndPercentage',
    message: `items[${itemIndex}] gives both an amount and a percentage; give one of them (§4.2 rule 7).`,
    itemIndex,
  });
}

/** An item gives neither an amount nor a percentage. Built by `readItemAmountForm` alone. @internal */
export function itemAmountMissing(itemIndex: number): ItemAmountMissing {
  return scheduleError({
    type: 'ItemAmountMissing',
    message: `items[${itemIndex}] needs an amount or a percentage.`,
    itemIndex,
  });
}

/** `amount` is the item's amount as given, or as resolved from its percentage. @internal */
export function itemAmountNotPositive(itemIndex: number, given: string | Decimal): ItemAmountNotPositive {
  // Beyond 10^±100 (a Decimal of -1e-100000) in exponent form, not as 100,000 digits; nearer, all its digits.
  const amount =
    typeof given === 'string' ? given : Math.abs(given.e) > 100 ? given.toExponential() : given.toFixed();
  return scheduleError({
    type: 'ItemAmountNotPositive',
    message: `items[${itemIndex}] amounts to ${amount}; item amounts must be above zero — leave a zero milestone out (§4.2 rule 7).`,
    itemIndex,
    amount,
  });
}

/**
 * `sequence` is the item's position in the schedule (1-based), as the other item messages show it;
 * `invoiceNumber` the item's invoice (`null` for one processed without one: a zero item, a credit only). @internal
 */
export function itemAlreadyProcessed(
  invoiceScheduleNumber: string,
  itemId: string,
  sequence: number,
  invoiceNumber: string | null,
): ItemAlreadyProcessed {
  const again =
    invoiceNumber === null
      ? ''
      : `; to bill this one again, cancel (Draft) or reverse (Posted) its invoice ${invoiceNumber} first`;
  return scheduleError({
    type: 'ItemAlreadyProcessed',
    message: `Item ${sequence} of ${invoiceScheduleNumber} is already processed. To bill the next item, execute without an itemId${again}.`,
    invoiceScheduleNumber,
    itemId,
  });
}

/** Executing a schedule with no pending item when no credit is due by today (decision 12). @internal */
export function nothingToExecute(invoiceScheduleNumber: string): NothingToExecute {
  return scheduleError({
    type: 'NothingToExecute',
    message: `Invoice schedule ${invoiceScheduleNumber} has no pending item and no credit due by today (decision 12).`,
    invoiceScheduleNumber,
  });
}

/** What each operation that checks a schedule's status needs (§5.1, §5.2, §5.4–5.5, §6.6). */
const STATUS_NEEDED = {
  changeOrders: 'its orders can change only while it is Pending (§5.1)',
  delete: 'only a Pending schedule can be deleted — reverse or cancel its invoices first (§5.2, C17)',
  detach: 'charges can be detached only once an item was processed (Partially or Fully Processed, §5.4–5.5)',
  attach: 'charges can be attached only once an item was processed (Partially or Fully Processed, §5.4–5.5)',
  setNextRunDate:
    'a next run date can be set only while an item is pending or a credit is due — every item is processed and no credit is due, so nothing is left to run and nextRunDate stays null (§6.6 rules 1 and 5)',
} as const;

/**
 * `setNextRunDate` on a schedule whose next pending item (item `sequence`) has a blank run date while no credit
 * is due (§6.6 rule 1): no processing would use the date up — a blank item is never processed — so it would show
 * for ever. @internal
 */
export function nextRunDateBeforeBlankItem(
  invoiceScheduleNumber: string,
  status: string,
  sequence: number,
): InvalidScheduleStatus {
  return invalidScheduleStatus(
    invoiceScheduleNumber,
    status,
    'setNextRunDate',
    `a next run date can be set only while the next pending item has a run date or a credit is due — item ${sequence}, the next pending one, has a blank run date and no credit is due, so nothing would run on the date and nextRunDate stays null (§6.6 rule 1); set the item's run date instead`,
  );
}

/**
 * A change of the covered orders refused (§3.3: only a Pending schedule's): a paused one is resumed first (§5.3), and
 * one with processed items cannot change them. @internal
 */
export function ordersNotChangeable(
  invoiceScheduleNumber: string,
  status: string,
  statusBeforePause: string | null,
): InvalidScheduleStatus {
  const needs =
    status === 'Paused' && statusBeforePause === 'Pending'
      ? 'its orders can change only while it is Pending, not paused — resume it first (§3.3, §5.3)'
      : STATUS_NEEDED.changeOrders;
  return invalidScheduleStatus(invoiceScheduleNumber, status, 'changeOrders', needs);
}

/**
 * A delete refused (§5.2: only a Pending schedule): what to do first, by its status. A paused schedule is resumed
 * first (§5.3) — and, when it has processed items (billed before or while paused), has their invoices canceled or reversed
 * (C17; that works while paused); any other is brought back to Pending by canceling or reversing its invoices.
 * @internal
 */
export function scheduleNotDeletable(
  invoiceScheduleNumber: string,
  status: string,
  statusBeforePause: string | null,
): InvalidScheduleStatus {
  const needs =
    status !== 'Paused'
      ? STATUS_NEEDED.delete
      : statusBeforePause === 'Pending'
        ? 'only a Pending schedule can be deleted — resume it first (§5.2, §5.3)'
        : `only a Pending schedule can be deleted — its items are ${statusBeforePause}: reverse or cancel the invoices of its processed items, then resume it (§5.2, §5.3, C17)`;
  return invalidScheduleStatus(invoiceScheduleNumber, status, 'delete', needs);
}

/**
 * The message says what `operation` needs of the status; `needs`, when the state calls for more than the
 * status says. @internal
 */
export function invalidScheduleStatus(
  invoiceScheduleNumber: string,
  status: string,
  operation: keyof typeof STATUS_NEEDED,
  needs: string = STATUS_NEEDED[operation],
): InvalidScheduleStatus {
  return scheduleError({
    type: 'InvalidScheduleStatus',
    message: `Invoice schedule ${invoiceScheduleNumber} is ${status}; ${needs}.`,
    invoiceScheduleNumber,
    status,
    operation,
  });
}

/**
 * A processed item left out of an update (`{ field: 'item' }`), or sent back with a field changed:
 * `itemIndex` is its place in the request, `label` the field as the message names it and `original`
 * the value to send back (e.g. `run date 2023-01-01`). @internal
 */
export function processedItemChanged(
  invoiceScheduleNumber: string,
  itemId: string,
  change:
    | { readonly field: 'item' }
    | {
        readonly field: Exclude<ProcessedItemChanged['field'], 'item'>;
        readonly itemIndex: number;
        readonly label: string;
        readonly original: string;
      },
): ProcessedItemChanged {
  return scheduleError({
    type: 'ProcessedItemChanged',
    message:
      change.field === 'item'
        ? `Processed item ${itemId} is missing from the request; processed items cannot be deleted — send it back with its id and original values (§5.1).`
        : `items[${change.itemIndex}] (id ${itemId}) is processed, so its ${change.label} cannot change; send it back with ${change.original} (§5.1, §3.3).`,
    invoiceScheduleNumber,
    itemId,
    field: change.field,
  });
}

/** `creditMemoNumbers`: the memos that credit the invoice, or that are linked to its schedule item. @internal */
export function invoiceHasCredits(
  invoiceNumber: string,
  creditMemoNumbers: readonly string[],
  /** Of those, the Draft memos of standard billing: `cancelCreditMemo` takes them back, which lifts this. */
  cancelable: readonly string[] = [],
): InvoiceHasCredits {
  const fix =
    cancelable.length === creditMemoNumbers.length
      ? ` Cancel ${cancelable.length === 1 ? 'that Draft credit memo' : 'those Draft credit memos'} first (cancelCreditMemo), then cancel or reverse this invoice again.`
      : cancelable.length > 0
        ? ` ${cancelable.join(', ')} can be canceled (cancelCreditMemo, a Draft of standard billing); the others cannot (Posted, or produced by an invoice schedule), so this invoice stays.`
        : ' Those memos cannot be canceled (Posted, or produced by an invoice schedule), so this invoice stays.';
  return scheduleError({
    type: 'InvoiceHasCredits',
    message: `Invoice ${invoiceNumber} has credits (${creditMemoNumbers.join(', ')}, on it or on its schedule item); an invoice cannot be canceled or reversed while credits stand on it.${fix}`,
    invoiceNumber,
    creditMemoNumbers,
  });
}
