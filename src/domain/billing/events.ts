import type { Decimal } from 'decimal.js';
import { CURRENCIES } from '../../money/currency';
import { sharedAmountText } from '../../money/minor';
import type { Account } from '../contract/account';
import type { CreditMemo } from '../documents/credit-memo';
import type { Invoice } from '../documents/invoice';
import type { CreditApplication } from '../documents/settlement';
import { compareNumbering } from '../numbers';
import type { Order } from '../order/order';
import type { InvoiceSchedule } from '../schedule/schedule';
import type { BillRun } from './bill-run';

// Domain events (docs/events.md): what a committed transaction changed, told as facts a host can publish.
// They are derived from the writes themselves — the aggregate before and after each save — so an event
// exists exactly when its change was saved, and its id is a function of the aggregate's key and version
// (compare-and-set saves make each version written once): a consumer deduplicates by `id`.

/**
 * What every event carries besides its own facts.
 * @category Events
 * @since 0.2.0
 */
export interface BillingEventBase {
  /**
   * Unique and stable: the aggregate's kind and number, `v` and the version the change saved (left out
   * for events that happen once to an aggregate: `AccountCreated`, `OrderCreated`, `OrderActivated`,
   * `BillRunStarted`; `deleted` in its place when a schedule's record is removed), the event type, and for
   * an item's or an invoice's event its id or number, joined with `/`: `BillRun/BR-00000001/BillRunStarted`,
   * `InvoiceSchedule/IS-00000001/v2/ItemProcessed/item-1` (docs/events.md lists them). The same change
   * never gets two ids, so a consumer that remembers ids handles a redelivered event once.
   */
  readonly id: string;
  /** When the transaction that saved the change ran: an ISO 8601 instant from the context's clock. */
  readonly occurredAt: string;
  /** Who made the change: the context's `actor`, or `null`. */
  readonly actor: string | null;
  /** Why: the context's `reason`, or `null`. */
  readonly reason: string | null;
}

/**
 * An account was saved (`saveNewAccount`).
 * @category Events
 * @since 0.2.0
 */
export interface AccountCreated extends BillingEventBase {
  readonly type: 'AccountCreated';
  readonly accountNumber: string;
  readonly currency: string;
}

/**
 * An order was saved (`saveNewOrder`), in its status (`Draft` or `Pending`).
 * @category Events
 * @since 0.2.0
 */
export interface OrderCreated extends BillingEventBase {
  readonly type: 'OrderCreated';
  readonly orderNumber: string;
  readonly accountNumber: string;
  readonly status: string;
}

/**
 * An order was activated (`activateSavedOrder`): its subscriptions were created or changed, and the
 * schedules covering them revised (each revised schedule has its own `InvoiceScheduleUpdated`).
 * @category Events
 * @since 0.2.0
 */
export interface OrderActivated extends BillingEventBase {
  readonly type: 'OrderActivated';
  readonly orderNumber: string;
  readonly accountNumber: string;
}

/**
 * An invoice schedule was created (`createInvoiceSchedule`).
 * @category Events
 * @since 0.2.0
 */
export interface InvoiceScheduleCreated extends BillingEventBase {
  readonly type: 'InvoiceScheduleCreated';
  readonly invoiceScheduleNumber: string;
  readonly accountNumber: string;
  readonly currency: string;
  /** The schedule's `totalAmount` (its items add up to it, §4.2 rule 8), a decimal string. */
  readonly totalAmount: string;
  readonly itemCount: number;
}

/**
 * A saved change of a schedule, whatever it was (items edited, amounts revised by an order, an item
 * processed or reverted, charges detached or attached, paused, resumed): one per saved version, next to
 * the specific events of the same change.
 * @category Events
 * @since 0.2.0
 */
export interface InvoiceScheduleUpdated extends BillingEventBase {
  readonly type: 'InvoiceScheduleUpdated';
  readonly invoiceScheduleNumber: string;
  readonly accountNumber: string;
  /** The schedule's status after the change. */
  readonly status: string;
  /** The version saved. */
  readonly version: number;
}

/**
 * A schedule was paused (`pauseInvoiceSchedule`). Named `…Event` because the error a paused schedule
 * gives is `InvoiceSchedulePaused`; its `type` is `'InvoiceSchedulePaused'`.
 * @category Events
 * @since 0.2.0
 */
export interface InvoiceSchedulePausedEvent extends BillingEventBase {
  readonly type: 'InvoiceSchedulePaused';
  readonly invoiceScheduleNumber: string;
  readonly accountNumber: string;
}

/**
 * A paused schedule was resumed (`resumeInvoiceSchedule`).
 * @category Events
 * @since 0.2.0
 */
export interface InvoiceScheduleResumed extends BillingEventBase {
  readonly type: 'InvoiceScheduleResumed';
  readonly invoiceScheduleNumber: string;
  readonly accountNumber: string;
}

/**
 * A schedule was deleted (`deleteInvoiceSchedule`: its record is kept, marked `deleted`).
 * @category Events
 * @since 0.2.0
 */
export interface InvoiceScheduleDeleted extends BillingEventBase {
  readonly type: 'InvoiceScheduleDeleted';
  readonly invoiceScheduleNumber: string;
  readonly accountNumber: string;
}

/**
 * A schedule item was processed (by a bill run or an execution): it billed `billedAmount` (net of the
 * credit it gave), on `invoiceNumber` and the credit memos named.
 * @category Events
 * @since 0.2.0
 */
export interface ItemProcessed extends BillingEventBase {
  readonly type: 'ItemProcessed';
  readonly invoiceScheduleNumber: string;
  readonly accountNumber: string;
  readonly itemId: string;
  readonly sequence: number;
  readonly billedAmount: string;
  readonly invoiceNumber: string | null;
  readonly creditMemoNumbers: readonly string[];
}

/**
 * A processed item became pending again: its invoice was reversed or canceled (§9).
 * @category Events
 * @since 0.2.0
 */
export interface ItemReverted extends BillingEventBase {
  readonly type: 'ItemReverted';
  readonly invoiceScheduleNumber: string;
  readonly accountNumber: string;
  readonly itemId: string;
  readonly sequence: number;
}

/**
 * An invoice was created (a bill run, an execution, standard billing). An invoice created `Posted`
 * (tenant setting `autoPost`) also has an `InvoicePosted`.
 * @category Events
 * @since 0.2.0
 */
export interface InvoiceCreated extends BillingEventBase {
  readonly type: 'InvoiceCreated';
  readonly invoiceNumber: string;
  readonly accountNumber: string;
  readonly currency: string;
  readonly invoiceDate: string;
  readonly amount: string;
  readonly status: string;
  readonly billRunNumber: string | null;
  /** The schedules its lines came from (none for standard billing), ascending. */
  readonly invoiceScheduleNumbers: readonly string[];
}

/**
 * Facts shared by the events of an invoice's status.
 * @category Events
 * @since 0.2.0
 */
export interface InvoiceStatusFacts extends BillingEventBase {
  readonly invoiceNumber: string;
  readonly accountNumber: string;
  readonly amount: string;
}

/**
 * An invoice was posted (`postInvoice`, or created posted).
 * @category Events
 * @since 0.2.0
 */
export interface InvoicePosted extends InvoiceStatusFacts {
  readonly type: 'InvoicePosted';
}

/**
 * A draft invoice was canceled (`cancelInvoice`).
 * @category Events
 * @since 0.2.0
 */
export interface InvoiceCanceled extends InvoiceStatusFacts {
  readonly type: 'InvoiceCanceled';
}

/**
 * A posted invoice was reversed (`reverseInvoice`); the schedule items it billed are pending again
 * (`ItemReverted`).
 * @category Events
 * @since 0.2.0
 */
export interface InvoiceReversed extends InvoiceStatusFacts {
  readonly type: 'InvoiceReversed';
}

/**
 * A credit memo was created: a schedule's credit or standard billing's (a bill run, an execution, a
 * generation). A reversal creates none (the item goes back to Pending: `InvoiceReversed`, `ItemReverted`). One
 * created `Posted` also has a `CreditMemoPosted`.
 * @category Events
 * @since 0.2.0
 */
export interface CreditMemoCreated extends BillingEventBase {
  readonly type: 'CreditMemoCreated';
  readonly creditMemoNumber: string;
  readonly accountNumber: string;
  readonly currency: string;
  readonly memoDate: string;
  readonly amount: string;
  readonly status: string;
  readonly billRunNumber: string | null;
}

/**
 * Facts shared by the events of a credit memo's status.
 * @category Events
 * @since 0.2.0
 */
export interface CreditMemoStatusFacts extends BillingEventBase {
  readonly creditMemoNumber: string;
  readonly accountNumber: string;
  readonly amount: string;
}

/**
 * A credit memo was posted (`postCreditMemo`, or created posted).
 * @category Events
 * @since 0.2.0
 */
export interface CreditMemoPosted extends CreditMemoStatusFacts {
  readonly type: 'CreditMemoPosted';
}

/**
 * A draft credit memo was canceled (`cancelCreditMemo`).
 * @category Events
 * @since 0.2.0
 */
export interface CreditMemoCanceled extends CreditMemoStatusFacts {
  readonly type: 'CreditMemoCanceled';
}

/**
 * Facts shared by the events of a credit memo's applications.
 * @category Events
 * @since 0.2.0
 */
export interface CreditApplicationFacts extends BillingEventBase {
  readonly creditMemoNumber: string;
  readonly invoiceNumber: string;
  readonly accountNumber: string;
  readonly amount: string;
}

/**
 * Part of a credit memo was applied to an invoice (`applyCreditMemo`; one event per invoice).
 * @category Events
 * @since 0.2.0
 */
export interface CreditMemoApplied extends CreditApplicationFacts {
  readonly type: 'CreditMemoApplied';
}

/**
 * An application of a credit memo to an invoice was taken back (`unapplyCreditMemo`).
 * @category Events
 * @since 0.2.0
 */
export interface CreditMemoUnapplied extends CreditApplicationFacts {
  readonly type: 'CreditMemoUnapplied';
}

/**
 * A bill run over accounts started (`runBillRun`, `startBillRun`).
 * @category Events
 * @since 0.2.0
 */
export interface BillRunStarted extends BillingEventBase {
  readonly type: 'BillRunStarted';
  readonly billRunNumber: string;
  readonly targetDate: string;
}

/**
 * A bill run completed: a run over accounts closing, or an execution / document generation (recorded
 * completed at once). When an account's part committed beside the completion is added to a completed run
 * afterwards, the run's next version has another `BillRunCompleted` with the corrected figures (its `id`
 * names the version): the latest one is the run's summary.
 * @category Events
 * @since 0.2.0
 */
export interface BillRunCompleted extends BillingEventBase {
  readonly type: 'BillRunCompleted';
  readonly billRunNumber: string;
  /** `BillRun`, `ScheduleExecution` or `AccountDocuments`. */
  readonly kind: string;
  /** `Completed` or `CompletedWithErrors`. */
  readonly status: string;
  readonly targetDate: string;
  /** The run's `itemsProcessed`: as many as its `ItemProcessed` events. */
  readonly itemsProcessed: number;
  readonly invoiceCount: number;
  readonly creditMemoCount: number;
  readonly failureCount: number;
}

/**
 * Every domain event, told apart by `type` (stable, like the errors' types). Plain serialisable data:
 * amounts are decimal strings with the currency's minor units, dates `YYYY-MM-DD`.
 * @category Events
 * @since 0.2.0
 */
export type BillingEvent =
  | AccountCreated
  | OrderCreated
  | OrderActivated
  | InvoiceScheduleCreated
  | InvoiceScheduleUpdated
  | InvoiceSchedulePausedEvent
  | InvoiceScheduleResumed
  | InvoiceScheduleDeleted
  | ItemProcessed
  | ItemReverted
  | InvoiceCreated
  | InvoicePosted
  | InvoiceCanceled
  | InvoiceReversed
  | CreditMemoCreated
  | CreditMemoPosted
  | CreditMemoCanceled
  | CreditMemoApplied
  | CreditMemoUnapplied
  | BillRunStarted
  | BillRunCompleted;

/**
 * The `type`s of {@link BillingEvent}, in the order docs/events.md lists them.
 * @category Events
 * @since 0.2.0
 */
export const BILLING_EVENT_TYPES = Object.freeze([
  'AccountCreated',
  'OrderCreated',
  'OrderActivated',
  'InvoiceScheduleCreated',
  'InvoiceScheduleUpdated',
  'InvoiceSchedulePaused',
  'InvoiceScheduleResumed',
  'InvoiceScheduleDeleted',
  'ItemProcessed',
  'ItemReverted',
  'InvoiceCreated',
  'InvoicePosted',
  'InvoiceCanceled',
  'InvoiceReversed',
  'CreditMemoCreated',
  'CreditMemoPosted',
  'CreditMemoCanceled',
  'CreditMemoApplied',
  'CreditMemoUnapplied',
  'BillRunStarted',
  'BillRunCompleted',
] as const satisfies readonly BillingEvent['type'][]);

/**
 * One saved write of a transaction: the aggregate before (`null`: inserted) and after (`null`: removed).
 * @internal
 */
export type SavedWrite =
  | { readonly entity: 'Account'; readonly previous: Account | null; readonly next: Account }
  | { readonly entity: 'Order'; readonly previous: Order | null; readonly next: Order }
  | {
      readonly entity: 'InvoiceSchedule';
      readonly previous: InvoiceSchedule | null;
      readonly next: InvoiceSchedule | null;
    }
  | { readonly entity: 'Invoice'; readonly previous: Invoice | null; readonly next: Invoice }
  | { readonly entity: 'CreditMemo'; readonly previous: CreditMemo | null; readonly next: CreditMemo }
  | { readonly entity: 'BillRun'; readonly previous: BillRun | null; readonly next: BillRun };

/** When and by whom a transaction's changes were made. @internal */
export interface EventStamp {
  readonly occurredAt: string;
  readonly actor: string | null;
  readonly reason: string | null;
}

/** Drops `id` and the stamp, which {@link eventsOfWrites} adds. */
type Facts<E> = E extends BillingEvent ? Omit<E, keyof BillingEventBase> : never;

function format(value: Decimal, currency: string): string {
  const scale = CURRENCIES[currency]?.minorUnits ?? 2;
  // An amount built from minor units at this scale has its text at hand.
  return sharedAmountText(value, scale) ?? value.toFixed(Math.max(scale, value.decimalPlaces()));
}

/**
 * The events of a transaction's saved writes, in write order (for one write: the created / updated event
 * first, then the specific ones). Pure.
 * @internal
 */
export function eventsOfWrites(writes: readonly SavedWrite[], stamp: EventStamp): BillingEvent[] {
  const out: BillingEvent[] = [];
  const emit = (key: string, facts: Facts<BillingEvent>, detail?: string): void => {
    // Joined, not concatenated: a concatenation is kept as a rope of its parts, twice the size (and outboxes
    // keep their events).
    const id = detail === undefined ? [key, facts.type].join('/') : [key, facts.type, detail].join('/');
    out.push(Object.freeze({ id, ...stamp, ...facts }) as BillingEvent);
  };
  for (const write of writes) {
    switch (write.entity) {
      case 'Account':
        if (write.previous === null) {
          const a = write.next;
          emit(`Account/${a.number}`, {
            type: 'AccountCreated',
            accountNumber: a.number,
            currency: a.currency,
          });
        }
        break;
      case 'Order':
        orderEvents(write.previous, write.next, emit);
        break;
      case 'InvoiceSchedule':
        scheduleEvents(write.previous, write.next, emit);
        break;
      case 'Invoice':
        invoiceEvents(write.previous, write.next, emit);
        break;
      case 'CreditMemo':
        creditMemoEvents(write.previous, write.next, emit);
        break;
      case 'BillRun':
        billRunEvents(write.previous, write.next, emit);
        break;
    }
  }
  return out;
}

type Emit = (key: string, facts: Facts<BillingEvent>, detail?: string) => void;

function orderEvents(previous: Order | null, next: Order, emit: Emit): void {
  const key = `Order/${next.number}`;
  const base = { orderNumber: next.number, accountNumber: next.accountNumber };
  if (previous === null) emit(key, { type: 'OrderCreated', ...base, status: next.status });
  if (next.status === 'Completed' && previous?.status !== 'Completed') {
    emit(key, { type: 'OrderActivated', ...base });
  }
}

function scheduleEvents(previous: InvoiceSchedule | null, next: InvoiceSchedule | null, emit: Emit): void {
  if (next === null) {
    if (previous === null) return;
    emit(`InvoiceSchedule/${previous.number}/deleted`, {
      type: 'InvoiceScheduleDeleted',
      invoiceScheduleNumber: previous.number,
      accountNumber: previous.accountNumber,
    });
    return;
  }
  const key = `InvoiceSchedule/${next.number}/v${next.version}`;
  const base = { invoiceScheduleNumber: next.number, accountNumber: next.accountNumber };
  if (previous === null) {
    emit(key, {
      type: 'InvoiceScheduleCreated',
      ...base,
      currency: next.currency,
      totalAmount: format(next.totalAmount, next.currency),
      itemCount: next.items.length,
    });
    return;
  }
  if (next.deleted === true) {
    if (previous.deleted !== true) emit(key, { type: 'InvoiceScheduleDeleted', ...base });
    return;
  }
  emit(key, { type: 'InvoiceScheduleUpdated', ...base, status: next.status, version: next.version });
  if (next.status === 'Paused' && previous.status !== 'Paused') {
    emit(key, { type: 'InvoiceSchedulePaused', ...base });
  } else if (previous.status === 'Paused' && next.status !== 'Paused') {
    emit(key, { type: 'InvoiceScheduleResumed', ...base });
  }
  const before = new Map(previous.items.map((i) => [i.id, i]));
  for (const item of next.items) {
    const was = before.get(item.id);
    if (item.status === 'Processed' && was?.status !== 'Processed') {
      emit(
        key,
        {
          type: 'ItemProcessed',
          ...base,
          itemId: item.id,
          sequence: item.sequence,
          billedAmount: format(item.billedAmount, next.currency),
          invoiceNumber: item.invoiceNumber,
          creditMemoNumbers: Object.freeze([...item.creditMemoNumbers]),
        },
        item.id,
      );
    } else if (was?.status === 'Processed' && item.status !== 'Processed') {
      emit(key, { type: 'ItemReverted', ...base, itemId: item.id, sequence: item.sequence }, item.id);
    }
  }
}

function invoiceEvents(previous: Invoice | null, next: Invoice, emit: Emit): void {
  const key = `Invoice/${next.number}/v${next.version}`;
  const facts = {
    invoiceNumber: next.number,
    accountNumber: next.accountNumber,
    amount: format(next.amount, next.currency),
  };
  if (previous === null) {
    const schedules = new Set<string>();
    for (const line of next.lines) {
      if (line.invoiceScheduleNumber !== null) schedules.add(line.invoiceScheduleNumber);
    }
    emit(key, {
      type: 'InvoiceCreated',
      ...facts,
      currency: next.currency,
      invoiceDate: next.invoiceDate,
      status: next.status,
      billRunNumber: next.billRunNumber,
      invoiceScheduleNumbers: Object.freeze([...schedules].sort(compareNumbering)),
    });
  }
  if (next.status === previous?.status) return;
  if (next.status === 'Posted') emit(key, { type: 'InvoicePosted', ...facts });
  else if (next.status === 'Canceled') emit(key, { type: 'InvoiceCanceled', ...facts });
  else if (next.status === 'Reversed') emit(key, { type: 'InvoiceReversed', ...facts });
}

function creditMemoEvents(previous: CreditMemo | null, next: CreditMemo, emit: Emit): void {
  const key = `CreditMemo/${next.number}/v${next.version}`;
  const facts = {
    creditMemoNumber: next.number,
    accountNumber: next.accountNumber,
    amount: format(next.amount, next.currency),
  };
  if (previous === null) {
    emit(key, {
      type: 'CreditMemoCreated',
      ...facts,
      currency: next.currency,
      memoDate: next.memoDate,
      status: next.status,
      billRunNumber: next.billRunNumber,
    });
  }
  if (next.status !== previous?.status) {
    if (next.status === 'Posted') emit(key, { type: 'CreditMemoPosted', ...facts });
    else if (next.status === 'Canceled') emit(key, { type: 'CreditMemoCanceled', ...facts });
  }
  // Per invoice: what the version adds to the applied total is an application, what it takes an unapplication.
  const before = appliedByInvoice(previous?.applications ?? []);
  const after = appliedByInvoice(next.applications);
  const invoices = [...new Set([...before.keys(), ...after.keys()])].sort(compareNumbering);
  for (const invoiceNumber of invoices) {
    const was = before.get(invoiceNumber);
    const is = after.get(invoiceNumber);
    const change = is === undefined ? was?.neg() : was === undefined ? is : is.minus(was);
    if (change === undefined || change.isZero()) continue;
    const facts = {
      creditMemoNumber: next.number,
      invoiceNumber,
      accountNumber: next.accountNumber,
      amount: format(change.abs(), next.currency),
    };
    if (change.isPositive()) emit(key, { type: 'CreditMemoApplied', ...facts }, invoiceNumber);
    else emit(key, { type: 'CreditMemoUnapplied', ...facts }, invoiceNumber);
  }
}

function appliedByInvoice(applications: readonly CreditApplication[]): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const a of applications) {
    const sum = out.get(a.invoiceNumber);
    out.set(a.invoiceNumber, sum === undefined ? a.amount : sum.plus(a.amount));
  }
  return out;
}

function billRunEvents(previous: BillRun | null, next: BillRun, emit: Emit): void {
  const key = `BillRun/${next.number}`;
  if (previous === null && next.status === 'Running') {
    emit(key, { type: 'BillRunStarted', billRunNumber: next.number, targetDate: next.targetDate });
  }
  // Every saved version of a completed run: the completion, and a correction of its summary when a part
  // committed beside the completion is added afterwards (the latest version's figures are the run's).
  if (next.status !== 'Running') {
    emit(`${key}/v${next.version}`, {
      type: 'BillRunCompleted',
      billRunNumber: next.number,
      kind: next.kind,
      status: next.status,
      targetDate: next.targetDate,
      itemsProcessed: next.itemsProcessed,
      invoiceCount: next.invoiceNumbers.length,
      creditMemoCount: next.creditMemoNumbers.length,
      failureCount: next.failures.length,
    });
  }
}
