/**
 * Errors of invoice schedules, invoices and bill runs: their types, the union and the list of types. Each
 * `type` is stable public API and listed in docs/errors.md. The constructors are in ./errors, which
 * re-exports this module.
 */

import type { InvalidInvoiceStatus } from '../documents/errors';

// Declared with the documents (settling a credit memo refuses an invoice's status too); a schedule error
// as before, listed in the union below.
export type { InvalidInvoiceStatus };

interface Base<T extends string> {
  readonly type: T;
  readonly message: string;
}

/** The account does not exist. Create it first, or fix the number. @category Errors @since 0.1.0 */
export interface AccountNotFound extends Base<'AccountNotFound'> {
  readonly accountNumber: string;
}
/** The order does not exist. @category Errors @since 0.1.0 */
export interface OrderNotFound extends Base<'OrderNotFound'> {
  readonly orderNumber: string;
}
/**
 * The order is not activated (Completed); activate it before scheduling (§4.2 rule 1).
 * @category Errors
 * @since 0.1.0
 */
export interface OrderNotActivated extends Base<'OrderNotActivated'> {
  readonly orderNumber: string;
  readonly status: string;
}
/** An order is listed twice. @category Errors @since 0.1.0 */
export interface DuplicateOrder extends Base<'DuplicateOrder'> {
  readonly orderNumber: string;
}
/** The subscription does not exist. @category Errors @since 0.1.0 */
export interface SubscriptionNotFound extends Base<'SubscriptionNotFound'> {
  readonly subscriptionNumber: string;
}
/**
 * A specific subscription is not created or changed by the order it is listed under.
 * @category Errors
 * @since 0.1.0
 */
export interface SubscriptionNotInOrder extends Base<'SubscriptionNotInOrder'> {
  readonly orderNumber: string;
  readonly subscriptionNumber: string;
}
/**
 * A specific subscription names an order that is not among the schedule's orders.
 * @category Errors
 * @since 0.1.0
 */
export interface SpecificSubscriptionOrderNotListed extends Base<'SpecificSubscriptionOrderNotListed'> {
  readonly orderNumber: string;
  readonly subscriptionNumber: string;
}
/**
 * Two `specificSubscriptions` entries name the same subscription under the same order: one entry per
 * subscription and order, with all its charges in one `chargeNumbers` list.
 * @category Errors
 * @since 0.2.0
 */
export interface DuplicateSpecificSubscription extends Base<'DuplicateSpecificSubscription'> {
  readonly orderNumber: string;
  readonly subscriptionNumber: string;
  /** The place of the repeated entry in `specificSubscriptions`. */
  readonly index: number;
  /** The place of the first entry for that subscription and order. */
  readonly firstIndex: number;
}
/**
 * The subscription belongs to another account than the schedule's (§4.2 rule 6).
 * @category Errors
 * @since 0.1.0
 */
export interface SubscriptionOwnerMismatch extends Base<'SubscriptionOwnerMismatch'> {
  readonly subscriptionNumber: string;
  readonly accountNumber: string;
  readonly expectedAccountNumber: string;
}
/**
 * The subscription's currency differs from the other covered subscriptions' (§4.2 rule 6).
 * @category Errors
 * @since 0.1.0
 */
export interface SubscriptionCurrencyMismatch extends Base<'SubscriptionCurrencyMismatch'> {
  readonly subscriptionNumber: string;
  readonly currency: string;
  readonly expectedCurrency: string;
}
/**
 * A `specificSubscriptions` entry's `chargeNumbers` names a charge of the subscription that its order did not
 * bring (another order added it, or it predates the order): a schedule covers its orders' charges (§2.1).
 * @category Errors
 * @since 0.2.0
 */
export interface ChargeNotInOrder extends Base<'ChargeNotInOrder'> {
  readonly orderNumber: string;
  readonly subscriptionNumber: string;
  readonly chargeNumber: string;
}
/** The charge does not exist on the subscription. @category Errors @since 0.1.0 */
export interface ChargeNotFound extends Base<'ChargeNotFound'> {
  readonly subscriptionNumber: string;
  readonly chargeNumber: string;
}
/**
 * The charge is already covered by another invoice schedule (a charge is in at most one, §2.3).
 * @category Errors
 * @since 0.1.0
 */
export interface ChargeAlreadyScheduled extends Base<'ChargeAlreadyScheduled'> {
  readonly subscriptionNumber: string;
  readonly chargeNumber: string;
  readonly invoiceScheduleNumber: string;
}
/**
 * The charge was already billed; only unbilled charges can be scheduled (§4.2 rule 2).
 * @category Errors
 * @since 0.1.0
 */
export interface ChargeAlreadyBilled extends Base<'ChargeAlreadyBilled'> {
  readonly subscriptionNumber: string;
  readonly chargeNumber: string;
  readonly invoiceNumber: string;
}
/** The charge's billing period is shorter than its term (§4.2 rule 5). @category Errors @since 0.1.0 */
export interface BillingPeriodShorterThanTerm extends Base<'BillingPeriodShorterThanTerm'> {
  readonly subscriptionNumber: string;
  readonly chargeNumber: string;
  readonly billingPeriodMonths: number;
  readonly termMonths: string;
}
/** The orders (narrowed by specific subscriptions) cover no billable charge. @category Errors @since 0.1.0 */
export interface NoChargesToSchedule extends Base<'NoChargesToSchedule'> {
  readonly orders: readonly string[];
}
/** A list is longer than the reference's limit (§9). @category Errors @since 0.1.0 */
export interface LimitExceeded extends Base<'LimitExceeded'> {
  readonly field: 'items' | 'orders' | 'subscriptions' | 'additionalSubscriptionsToBill' | 'notes';
  readonly limit: number;
  readonly actual: number;
}
/** The schedule has no items. @category Errors @since 0.1.0 */
export interface NoScheduleItems extends Base<'NoScheduleItems'> {}
/** An item gives both an amount and a percentage; give one (§4.2 rule 7). @category Errors @since 0.1.0 */
export interface ItemAmountAndPercentage extends Base<'ItemAmountAndPercentage'> {
  readonly itemIndex: number;
}
/** An item gives neither an amount nor a percentage. @category Errors @since 0.1.0 */
export interface ItemAmountMissing extends Base<'ItemAmountMissing'> {
  readonly itemIndex: number;
}
/**
 * An item amount is zero or negative; leave zero milestones out (§4.2 rule 7, C37).
 * @category Errors
 * @since 0.1.0
 */
export interface ItemAmountNotPositive extends Base<'ItemAmountNotPositive'> {
  readonly itemIndex: number;
  readonly amount: string;
}
/** An item percentage is zero, negative or above 100. @category Errors @since 0.1.0 */
export interface ItemPercentageOutOfRange extends Base<'ItemPercentageOutOfRange'> {
  readonly itemIndex: number;
  readonly percentage: string;
}
/**
 * An item percentage that a request adds or changes has more decimal places than
 * `SCHEDULE_LIMITS.percentageDecimalPlaces` (10). A pending item's stored percentage given back unchanged
 * is accepted with all its decimals (a schedule stored before the limit may have more).
 * @category Errors
 * @since 0.2.0
 */
export interface ItemPercentageTooPrecise extends Base<'ItemPercentageTooPrecise'> {
  readonly itemIndex: number;
  readonly percentage: string;
  readonly maxDecimalPlaces: number;
}
/** All items are percentages and they do not add up to 100. @category Errors @since 0.1.0 */
export interface PercentagesDoNotSumTo100 extends Base<'PercentagesDoNotSumTo100'> {
  readonly sum: string;
}
/** Item amounts do not add up to the schedule total (§4.2 rule 8). @category Errors @since 0.1.0 */
export interface ScheduleTotalMismatch extends Base<'ScheduleTotalMismatch'> {
  readonly totalAmount: string;
  readonly itemsSum: string;
}
/**
 * Run dates must be strictly increasing (§4.2 rule 10); on an update, processed items come first: a new or
 * pending item before a processed one is refused, whatever its run date.
 * @category Errors
 * @since 0.1.0
 */
export interface RunDatesNotIncreasing extends Base<'RunDatesNotIncreasing'> {
  readonly itemIndex: number;
  readonly runDate: string;
  readonly previousRunDate: string;
}
/**
 * A dated item follows a blank one; blank run dates are allowed only at the end (§4.2 rule 10).
 * @category Errors
 * @since 0.1.0
 */
export interface BlankRunDateNotLast extends Base<'BlankRunDateNotLast'> {
  readonly itemIndex: number;
}
/**
 * The schedule does not exist (or is deleted).
 * @category Errors
 * @since 0.1.0
 */
export interface InvoiceScheduleNotFound extends Base<'InvoiceScheduleNotFound'> {
  /** The number (or id) as given; for a bill run's filter, the first of `invoiceScheduleNumbers`. */
  readonly invoiceScheduleNumber: string;
  /**
   * Set when a bill run's `invoiceScheduleNumbers` filter (`runBillRun`, `startBillRun`, `previewBillRun`) names
   * schedules that do not exist: every such number, in the order of the request.
   * @since 0.2.0
   */
  readonly invoiceScheduleNumbers?: readonly string[];
}
/** The schedule item does not exist. @category Errors @since 0.1.0 */
export interface InvoiceScheduleItemNotFound extends Base<'InvoiceScheduleItemNotFound'> {
  readonly invoiceScheduleNumber: string;
  readonly itemId: string;
}
/** The schedule is paused; resume it before executing (§3.3). @category Errors @since 0.1.0 */
export interface InvoiceSchedulePaused extends Base<'InvoiceSchedulePaused'> {
  readonly invoiceScheduleNumber: string;
}
/** Only the earliest pending item can be executed (§6.2). @category Errors @since 0.1.0 */
export interface NotEarliestPendingItem extends Base<'NotEarliestPendingItem'> {
  readonly invoiceScheduleNumber: string;
  readonly itemId: string;
  readonly earliestPendingItemId: string;
}
/** The item was already processed. @category Errors @since 0.1.0 */
export interface ItemAlreadyProcessed extends Base<'ItemAlreadyProcessed'> {
  readonly invoiceScheduleNumber: string;
  readonly itemId: string;
}
/**
 * The item has a blank run date; set one before executing (the invoice date is the run date).
 * @category Errors
 * @since 0.1.0
 */
export interface RunDateRequired extends Base<'RunDateRequired'> {
  readonly invoiceScheduleNumber: string;
  readonly itemId: string;
}
/** Nothing is pending and no credit is due by today (decision 12). @category Errors @since 0.1.0 */
export interface NothingToExecute extends Base<'NothingToExecute'> {
  readonly invoiceScheduleNumber: string;
}
/**
 * The item's amount exceeds what is left to bill on the covered charges. A guard: the library's rules keep it from
 * happening (an item's actual amount follows its charges' value, and an execution bills at most what is left).
 * @category Errors @since 0.1.0
 */
export interface ItemExceedsUnbilledCharges extends Base<'ItemExceedsUnbilledCharges'> {
  readonly invoiceScheduleNumber: string;
  readonly itemId: string;
  readonly amount: string;
  readonly unbilledOnCharges: string;
}
/** The invoice does not exist. @category Errors @since 0.1.0 */
export interface InvoiceNotFound extends Base<'InvoiceNotFound'> {
  readonly invoiceNumber: string;
}
/**
 * The schedule's status does not allow the operation (e.g. delete when not Pending, §5.2; change orders when not Pending, §5.1;
 * set a next run date when every item is processed and no credit is due, §6.6).
 * @category Errors
 * @since 0.1.0
 */
export interface InvalidScheduleStatus extends Base<'InvalidScheduleStatus'> {
  readonly invoiceScheduleNumber: string;
  readonly status: string;
  /** `'delete'`, `'changeOrders'`, `'detach'`, `'attach'` or (since 0.2.0) `'setNextRunDate'`. */
  readonly operation: string;
}
/**
 * An update changes or drops a processed item; send processed items back unchanged (§5.1, §3.3).
 * @category Errors
 * @since 0.1.0
 */
export interface ProcessedItemChanged extends Base<'ProcessedItemChanged'> {
  readonly invoiceScheduleNumber: string;
  readonly itemId: string;
  /**
   * The first changed field found (run date, then amount or percentage, then name, then target
   * date, then custom fields), or `'item'` when the processed item is missing from the request.
   * `'customFields'` since 0.2.0.
   */
  readonly field:
    | 'item'
    | 'runDate'
    | 'amount'
    | 'percentage'
    | 'name'
    | 'targetDateForAdditionalSubscriptions'
    | 'customFields';
}
/**
 * An update gives an amount to an item of a schedule whose items are all percentages: their
 * amounts follow the total and cannot be set directly (§5.1, §7.6). @since 0.1.0
 * @category Errors
 */
export interface ItemKindChanged extends Base<'ItemKindChanged'> {
  readonly invoiceScheduleNumber: string;
  readonly itemIndex: number;
  /** The stored item, or `null` for an item the request adds. */
  readonly itemId: string | null;
}
/**
 * An update sets or changes a pending item's percentage after an item was processed and the
 * schedule's total changed (actual amount ≠ total amount): percentages are fixed from then on (§5.1).
 * @category Errors
 * @since 0.1.0
 */
export interface PercentageLocked extends Base<'PercentageLocked'> {
  readonly invoiceScheduleNumber: string;
  readonly itemIndex: number;
  /** The stored item, or `null` for an item the request adds. */
  readonly itemId: string | null;
  /** The item's stored percentage, to send back; `null` when it has none. */
  readonly percentage: string | null;
  readonly totalAmount: string;
  readonly actualAmount: string;
}
/** Detach needs every invoice the schedule produced to be posted (§5.4). @category Errors @since 0.1.0 */
export interface InvoicesNotPosted extends Base<'InvoicesNotPosted'> {
  readonly invoiceScheduleNumber: string;
  readonly invoiceNumbers: readonly string[];
}
/**
 * The charge is not attached to the schedule (never covered, or already detached).
 * @category Errors
 * @since 0.1.0
 */
export interface ChargeNotAttached extends Base<'ChargeNotAttached'> {
  readonly invoiceScheduleNumber: string;
  readonly subscriptionNumber: string;
  readonly chargeNumber: string;
}
/** Attach takes only charges detached from the same schedule (§5.5). @category Errors @since 0.1.0 */
export interface ChargeNotDetached extends Base<'ChargeNotDetached'> {
  readonly invoiceScheduleNumber: string;
  readonly subscriptionNumber: string;
  readonly chargeNumber: string;
}
/**
 * The charge cannot be attached back: it changed, was billed elsewhere, or an item was processed since the detach (§5.5).
 * @category Errors
 * @since 0.1.0
 */
export interface AttachNotAllowed extends Base<'AttachNotAllowed'> {
  readonly invoiceScheduleNumber: string;
  readonly subscriptionNumber: string;
  readonly chargeNumber: string;
  readonly reason: 'ChargeChanged' | 'ChargeBilledElsewhere' | 'ItemProcessedSinceDetach';
}
/** The credit memo does not exist. @category Errors @since 0.1.0 */
export interface CreditMemoNotFound extends Base<'CreditMemoNotFound'> {
  readonly creditMemoNumber: string;
}
/** The bill run does not exist. @category Errors @since 0.1.0 */
export interface BillRunNotFound extends Base<'BillRunNotFound'> {
  readonly billRunNumber: string;
}
/**
 * The bill run is not a `Running` run over accounts: it is completed, or it is an execution or a
 * "generate billing documents" record. Its accounts cannot be billed in it any more; start a new run.
 * @category Errors
 * @since 0.2.0
 */
export interface BillRunNotRunning extends Base<'BillRunNotRunning'> {
  readonly billRunNumber: string;
  readonly status: string;
}
/**
 * The caller's `AbortSignal` stopped the bill run between two accounts. The accounts billed so far
 * are billed (each with its part); the run stays `Running`: call `runBillRun` again with the same
 * idempotency key to resume it, or `completeBillRun` to close it as it is.
 * @category Errors
 * @since 0.2.0
 */
export interface BillRunAborted extends Base<'BillRunAborted'> {
  readonly billRunNumber: string;
}
/**
 * The invoice is credited by a credit memo; it cannot be canceled or reversed.
 * @category Errors
 * @since 0.1.0
 */
export interface InvoiceHasCredits extends Base<'InvoiceHasCredits'> {
  readonly invoiceNumber: string;
  readonly creditMemoNumbers: readonly string[];
}
/**
 * The invoice's schedule has detached charges; its invoices can no longer be unposted (§5.4).
 * @category Errors
 * @since 0.1.0
 */
export interface InvoiceLockedByDetach extends Base<'InvoiceLockedByDetach'> {
  readonly invoiceNumber: string;
  readonly invoiceScheduleNumber: string;
}
/**
 * A later item of the invoice's schedule is processed with a document of its own: undoing this invoice alone
 * would leave a Processed item after a pending one, and billing it again would take its service periods
 * after the later item's (§3.2, §7.4). Cancel or reverse the later documents first, the latest first.
 * @category Errors
 * @since 0.2.0
 */
export interface LaterItemProcessed extends Base<'LaterItemProcessed'> {
  readonly invoiceNumber: string;
  readonly invoiceScheduleNumber: string;
  /** The documents of the later processed items, in item order: the last is the one to undo first. */
  readonly laterDocumentNumbers: readonly string[];
}
/**
 * The idempotency key was already used for a different request (decision 14): another operation, or the
 * same operation with a different request. A retry must send the same request with the same key.
 * @category Errors
 * @since 0.1.0
 */
export interface IdempotencyKeyReused extends Base<'IdempotencyKeyReused'> {
  readonly key: string;
  readonly operation: string;
}

/**
 * Every error of schedules, invoices and bill runs.
 * @category Errors
 * @since 0.1.0
 */
export type ScheduleError =
  | AccountNotFound
  | OrderNotFound
  | OrderNotActivated
  | DuplicateOrder
  | SubscriptionNotFound
  | SubscriptionNotInOrder
  | SpecificSubscriptionOrderNotListed
  | DuplicateSpecificSubscription
  | SubscriptionOwnerMismatch
  | SubscriptionCurrencyMismatch
  | ChargeNotFound
  | ChargeNotInOrder
  | ChargeAlreadyScheduled
  | ChargeAlreadyBilled
  | BillingPeriodShorterThanTerm
  | NoChargesToSchedule
  | LimitExceeded
  | NoScheduleItems
  | ItemAmountAndPercentage
  | ItemAmountMissing
  | ItemAmountNotPositive
  | ItemPercentageOutOfRange
  | ItemPercentageTooPrecise
  | PercentagesDoNotSumTo100
  | ScheduleTotalMismatch
  | RunDatesNotIncreasing
  | BlankRunDateNotLast
  | InvoiceScheduleNotFound
  | InvoiceScheduleItemNotFound
  | InvoiceSchedulePaused
  | NotEarliestPendingItem
  | ItemAlreadyProcessed
  | RunDateRequired
  | NothingToExecute
  | ItemExceedsUnbilledCharges
  | InvoiceNotFound
  | InvalidInvoiceStatus
  | InvalidScheduleStatus
  | ProcessedItemChanged
  | ItemKindChanged
  | PercentageLocked
  | InvoicesNotPosted
  | ChargeNotAttached
  | ChargeNotDetached
  | AttachNotAllowed
  | CreditMemoNotFound
  | BillRunNotFound
  | BillRunNotRunning
  | BillRunAborted
  | InvoiceHasCredits
  | InvoiceLockedByDetach
  | LaterItemProcessed
  | IdempotencyKeyReused;

/**
 * The `type` of every schedule error.
 * @category Errors
 * @since 0.1.0
 */
export const SCHEDULE_ERROR_TYPES = Object.freeze([
  'AccountNotFound',
  'OrderNotFound',
  'OrderNotActivated',
  'DuplicateOrder',
  'SubscriptionNotFound',
  'SubscriptionNotInOrder',
  'SpecificSubscriptionOrderNotListed',
  'DuplicateSpecificSubscription',
  'SubscriptionOwnerMismatch',
  'SubscriptionCurrencyMismatch',
  'ChargeNotFound',
  'ChargeNotInOrder',
  'ChargeAlreadyScheduled',
  'ChargeAlreadyBilled',
  'BillingPeriodShorterThanTerm',
  'NoChargesToSchedule',
  'LimitExceeded',
  'NoScheduleItems',
  'ItemAmountAndPercentage',
  'ItemAmountMissing',
  'ItemAmountNotPositive',
  'ItemPercentageOutOfRange',
  'ItemPercentageTooPrecise',
  'PercentagesDoNotSumTo100',
  'ScheduleTotalMismatch',
  'RunDatesNotIncreasing',
  'BlankRunDateNotLast',
  'InvoiceScheduleNotFound',
  'InvoiceScheduleItemNotFound',
  'InvoiceSchedulePaused',
  'NotEarliestPendingItem',
  'ItemAlreadyProcessed',
  'RunDateRequired',
  'NothingToExecute',
  'ItemExceedsUnbilledCharges',
  'InvoiceNotFound',
  'InvalidInvoiceStatus',
  'InvalidScheduleStatus',
  'ProcessedItemChanged',
  'ItemKindChanged',
  'PercentageLocked',
  'InvoicesNotPosted',
  'ChargeNotAttached',
  'ChargeNotDetached',
  'AttachNotAllowed',
  'CreditMemoNotFound',
  'BillRunNotFound',
  'BillRunNotRunning',
  'BillRunAborted',
  'InvoiceHasCredits',
  'InvoiceLockedByDetach',
  'LaterItemProcessed',
  'IdempotencyKeyReused',
] as const satisfies readonly ScheduleError['type'][]);

type MissingScheduleErrorType = Exclude<ScheduleError['type'], (typeof SCHEDULE_ERROR_TYPES)[number]>;
const exhaustive: [MissingScheduleErrorType] extends [never] ? true : false = true;
void exhaustive;
