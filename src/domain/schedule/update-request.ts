import { err, ok, type Result } from 'neverthrow';
import type { BusinessDate } from '../../time/date';
import { type CustomFields, type CustomFieldValue, readOptionalCustomFields } from '../custom-fields';
import {
  type DomainError,
  type InvalidInput,
  joinPath,
  readBoolean,
  readObject,
  readString,
} from '../errors';
import { checkInputSize, invalidInput } from '../input';
import type { InvoiceScheduleNumber } from '../numbers';
import {
  type InvoiceScheduleItemInput,
  type ParsedItemInput,
  readAdditionalSubscriptionList,
  readIdempotencyKey,
  readItemInput,
  readItemList,
  readNotes,
  readOptionalDate,
  readOptionalString,
  readOrders,
  readSpecificSubscriptions,
} from './create-request';
import type { SpecificSubscription } from './schedule';

// An update request (§5.1) and its shape checks; the lists and items are read as a create request's.

/**
 * An update request (reference §5.1, PUT semantics): every list given replaces the stored one.
 * Items with an `id` are updated, items without one are added, stored items left out are
 * deleted; processed items must come back unchanged. Orders and specific subscriptions can change only
 * while the schedule is Pending; sent back as stored (same lists, same order) they are no change, in any
 * status (C36 d). `nextRunDate` overrides the default next run date; `null` restores the default, the date the
 * schedule's rules give: a credit's due date or a removal's effective date when earlier than the next pending
 * item's run date, else that run date, else `null` (§6.6 rules 1 and 3, decision 19). A date only while an item
 * is pending or a credit is due (§6.6 rules 1 and 5).
 * @category Inputs
 * @since 0.1.0
 */
export interface UpdateInvoiceScheduleInput {
  readonly invoiceScheduleNumber: InvoiceScheduleNumber;
  readonly items?: readonly (InvoiceScheduleItemInput & { readonly id?: string })[];
  readonly orders?: readonly string[];
  readonly specificSubscriptions?: readonly {
    readonly orderNumber: string;
    readonly subscriptionNumber: string;
    readonly chargeNumbers?: readonly string[];
  }[];
  readonly additionalSubscriptionsToBill?: readonly string[];
  readonly notes?: string;
  readonly invoiceSeparately?: boolean;
  readonly nextRunDate?: string | null;
  /**
   * The schedule's custom fields: when given, they replace the stored ones (`{}` removes them all); left
   * out, they stay. Editable in every status, like `notes` (decision 10). An item's own `customFields`
   * follow the item's rule: they may change only while it is not processed.
   * @since 0.2.0
   */
  readonly customFields?: Readonly<Record<string, CustomFieldValue>>;
  /** Retrying with the same key returns the first result. */
  readonly idempotencyKey?: string;
  /**
   * The `version` of the schedule the edit was made on: the update is refused with `VersionConflict`
   * when the schedule changed since (someone else's edit, a bill run), instead of overwriting it.
   */
  readonly expectedVersion?: number;
}

/** An update request after shape checks. @internal */
export interface ParsedUpdateInput {
  readonly invoiceScheduleNumber: InvoiceScheduleNumber;
  readonly items: readonly (ParsedItemInput & { readonly id: string | null })[] | null;
  readonly orders: readonly string[] | null;
  readonly specificSubscriptions: readonly SpecificSubscription[] | null;
  readonly additionalSubscriptionsToBill: readonly string[] | null;
  readonly notes: string | null;
  readonly invoiceSeparately: boolean | null;
  /** `undefined`: leave as is; `null`: back to the default; a date: override. */
  readonly nextRunDate: BusinessDate | null | undefined;
  /** `null`: leave as is. */
  readonly customFields: CustomFields | null;
  readonly idempotencyKey: string | null;
  readonly expectedVersion: number | null;
}

const UPDATE_KEYS = [
  'invoiceScheduleNumber',
  'items',
  'orders',
  'specificSubscriptions',
  'additionalSubscriptionsToBill',
  'notes',
  'invoiceSeparately',
  'nextRunDate',
  'customFields',
  'idempotencyKey',
  'expectedVersion',
] as const;

/**
 * Checks the shape of an update request (sizes against `INPUT_LIMITS` first).
 * @since 0.1.0
 */
export function parseUpdateInvoiceScheduleInput(input: unknown): Result<ParsedUpdateInput, DomainError> {
  const sized = checkInputSize(input);
  if (sized.isErr()) return err(sized.error);
  const read = readObject(input, '', UPDATE_KEYS);
  if (read.isErr()) return err(read.error);
  const o = read.value;
  const number = readString(o.invoiceScheduleNumber, 'invoiceScheduleNumber');
  if (number.isErr()) return err(number.error);
  // The lists and notes are read as a create request's, each only when given: `null` is no way to leave one
  // out (it is refused as the value it is, as for `items`).
  const orders = o.orders === undefined ? ok(null) : readOrders(o.orders);
  if (orders.isErr()) return err(orders.error);
  const specificSubscriptions =
    o.specificSubscriptions === undefined ? ok(null) : readSpecificSubscriptions(o.specificSubscriptions);
  if (specificSubscriptions.isErr()) return err(specificSubscriptions.error);
  const additionalSubscriptionsToBill =
    o.additionalSubscriptionsToBill === undefined
      ? ok(null)
      : readAdditionalSubscriptionList(o.additionalSubscriptionsToBill);
  if (additionalSubscriptionsToBill.isErr()) return err(additionalSubscriptionsToBill.error);
  const notes = o.notes === undefined ? ok(null) : readNotes(o.notes);
  if (notes.isErr()) return err(notes.error);
  const invoiceSeparately =
    o.invoiceSeparately === undefined ? ok(null) : readBoolean(o.invoiceSeparately, 'invoiceSeparately');
  if (invoiceSeparately.isErr()) return err(invoiceSeparately.error);
  let nextRunDate: BusinessDate | null | undefined;
  if (o.nextRunDate !== undefined) {
    const parsed = readOptionalDate(o.nextRunDate, 'nextRunDate');
    if (parsed.isErr()) return err(parsed.error);
    nextRunDate = parsed.value;
  }
  let items: readonly (ParsedItemInput & { readonly id: string | null })[] | null = null;
  if (o.items !== undefined) {
    const read = readItemList(o.items, (entry, path) => {
      const item = readItemInput(entry, path, ['id']);
      if (item.isErr()) return err(item.error);
      const id = readOptionalString(item.value.raw.id, joinPath(path, 'id'));
      if (id.isErr()) return err(id.error);
      const { raw: _raw, ...rest } = item.value;
      return ok(Object.freeze({ ...rest, id: id.value }));
    });
    if (read.isErr()) return err(read.error);
    items = read.value;
  }
  const customFields = readOptionalCustomFields(o.customFields, 'customFields');
  if (customFields.isErr()) return err(customFields.error);
  const idempotencyKey = readIdempotencyKey(o.idempotencyKey);
  if (idempotencyKey.isErr()) return err(idempotencyKey.error);
  const expectedVersion = readExpectedVersion(o.expectedVersion);
  if (expectedVersion.isErr()) return err(expectedVersion.error);
  return ok(
    Object.freeze({
      invoiceScheduleNumber: number.value,
      items,
      orders: orders.value,
      specificSubscriptions: specificSubscriptions.value,
      additionalSubscriptionsToBill: additionalSubscriptionsToBill.value,
      notes: notes.value,
      invoiceSeparately: invoiceSeparately.value,
      nextRunDate,
      customFields: customFields.value,
      idempotencyKey: idempotencyKey.value,
      expectedVersion: expectedVersion.value,
    }),
  );
}

/**
 * Reads an optional `expectedVersion`: a whole number ≥ 1 (a schedule's versions start at 1), or
 * absent. @internal
 */
export function readExpectedVersion(value: unknown): Result<number | null, InvalidInput> {
  if (value === undefined || value === null) return ok(null);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return ok(value);
  return err(
    invalidInput(
      'expectedVersion',
      'the version of the schedule the edit was made on (a whole number ≥ 1), or none',
      value,
    ),
  );
}
