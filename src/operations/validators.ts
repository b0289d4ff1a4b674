// The request validators (issue 13, "Input at the boundary"): what each operation checks of its request
// before it reads or writes anything, callable on its own — at an HTTP edge, in a queue consumer, in a form —
// with the operation's own parsers (nothing is checked twice in two ways). Each takes `unknown`, never
// throws, and answers the request typed, or the first error the operation would answer for it — unless a
// check that needs the store comes first in the operation (the account, the orders, the schedule, the
// currency), which then answers instead; a request refused here is refused there too either way. Each reads
// the request once, as the operation does (`readRequest`: a getter or a Proxy trap that throws is an
// `InvalidInput` at its field), checks that copy, and answers the caller's own object as it is.
import { err, ok, type Result } from 'neverthrow';
import type { Account } from '../domain/contract/account';
import type { DomainError, InvalidInput } from '../domain/errors';
import { checkIdentifierLength, invalidInput, readRequest } from '../domain/input';
import type {
  BillRunNumber,
  CreditMemoNumber,
  InvoiceNumber,
  InvoiceScheduleNumber,
} from '../domain/numbers';
import type { CreateOrderInput } from '../domain/order/order-input';
import { checkCreateRequest } from '../domain/schedule/create';
import type { CreateInvoiceScheduleInput } from '../domain/schedule/create-request';
import { parseCreateInvoiceScheduleInput } from '../domain/schedule/create-request';
import type { ScheduleError } from '../domain/schedule/errors';
import { checkUpdateRequest } from '../domain/schedule/update';
import {
  parseUpdateInvoiceScheduleInput,
  readExpectedVersion,
  type UpdateInvoiceScheduleInput,
} from '../domain/schedule/update-request';
import { getCurrency } from '../money/currency';
import { type BusinessDate, parseBusinessDate } from '../time/date';
import type { TimeError } from '../time/errors';
import type { BillAccountInput } from './bill-account';
import { parseBillRunRequest, type RunBillRunInput } from './bill-run';
import { EXPECTED_NUMBER, OPTIONAL_FIELDS, requireFields } from './common';
import { parseNewAccount, parseNewOrder, readNewOrderKeys } from './contracts';
import { type ExecuteInvoiceScheduleInput, readItemId } from './execute';
import type { GenerateBillingDocumentsInput } from './generate';
import { idempotentCall } from './idempotency';
import { type ChargeSelectionInput, checkSelections } from './lifecycle';

/**
 * The shape of every validator that answers the caller's own object: the request read once
 * (`readRequest`), `check` run on that copy, and `input` answered as it is once the copy passes.
 */
function checkedCopy<T, E>(
  input: unknown,
  check: (request: unknown) => Result<unknown, E>,
): Result<T, E | InvalidInput> {
  return readRequest(input)
    .andThen(check)
    .map(() => input as T);
}

/**
 * Checks a `createInvoiceSchedule` request without a store: its sizes (`INPUT_LIMITS`), shape, dates,
 * unknown fields, idempotency key, the reference's limits (§9: 50 items, 10 orders, 600 additional
 * subscriptions, notes of 255 UTF-16 code units) and each item as far as no currency is needed: an amount or a
 * percentage (`ItemAmountAndPercentage`, `ItemAmountMissing`), the amount's form (`InvalidAmount`) and sign
 * (`ItemAmountNotPositive`), the percentage (`InvalidInput`, `ItemPercentageOutOfRange`,
 * `ItemPercentageTooPrecise`), and the run dates' order (`RunDatesNotIncreasing`, `BlankRunDateNotLast`).
 * What needs the store — the account, the orders, their charges, amounts at the currency's scale adding up
 * to the total — is checked when the schedule is created, after all of these, and so, after the account and the
 * orders are read, are the relations between `orders` and `specificSubscriptions` (`DuplicateOrder`,
 * `SpecificSubscriptionOrderNotListed`, `DuplicateSpecificSubscription`), which this accepts: a request refused
 * here is refused by the operation with the same error.
 * @example
 * ```ts
 * const request = parseCreateInvoiceScheduleRequest(JSON.parse(body));
 * if (request.isErr()) return { status: 422, body: { error: request.error } }; // e.g. InvalidInput at items[0].runDate
 * const created = await createInvoiceSchedule(context, request.value);
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export function parseCreateInvoiceScheduleRequest(
  input: unknown,
): Result<CreateInvoiceScheduleInput, DomainError | ScheduleError> {
  return checkedCopy(input, (request) =>
    parseCreateInvoiceScheduleInput(request)
      .andThen((parsed) => idempotentCall('createInvoiceSchedule', request).map(() => parsed))
      .andThen((parsed) => checkCreateRequest(parsed)),
  );
}

/**
 * Checks an `updateInvoiceSchedule` request without a store: its sizes (`INPUT_LIMITS`), shape, dates,
 * unknown fields, `expectedVersion`, idempotency key, the reference's limits (§9) on the lists it gives, the
 * items' amounts and percentages where no stored item can make them right — an amount that is no amount at
 * all (`InvalidAmount`: not a string, number or Decimal, not finite, or a string no number reads as) or a
 * decimal string, number or Decimal of zero or less (`ItemAmountNotPositive`), a percentage that is not a
 * string, number or Decimal (`InvalidInput`) — and the run dates' order (`RunDatesNotIncreasing`,
 * `BlankRunDateNotLast`; a pending item placed before a processed one is refused with `RunDatesNotIncreasing` by
 * the operation, which knows which items are processed).
 * `updateInvoiceSchedule` runs these same checks before it reads the schedule, so it answers a request
 * refused here with the same error. Left to the operation: the schedule it names (`InvoiceScheduleNotFound`),
 * the relations between `orders` and `specificSubscriptions` (`DuplicateOrder`, `SpecificSubscriptionOrderNotListed`,
 * `DuplicateSpecificSubscription`),
 * a subscription listed twice in `additionalSubscriptionsToBill` (a list sent back as stored is no change, so it is
 * compared with the stored one),
 * an amount's decimals (the currency is the schedule's), an item giving both or neither of amount and
 * percentage, a string amount another reading of which may equal a processed item's stored amount
 * (`'1.2e3'`), a percentage's value (a string's or a number's), and the edit's rules (§5: status, coverage,
 * `ProcessedItemChanged`).
 * @example
 * ```ts
 * const request = parseUpdateInvoiceScheduleRequest({ invoiceScheduleNumber: 'IS-00000001', notes: 'Renewal' });
 * if (request.isOk()) await updateInvoiceSchedule(context, request.value);
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export function parseUpdateInvoiceScheduleRequest(
  input: unknown,
): Result<UpdateInvoiceScheduleInput, DomainError | ScheduleError> {
  return checkedCopy(input, (request) =>
    parseUpdateInvoiceScheduleInput(request)
      .andThen((parsed) => idempotentCall('updateInvoiceSchedule', request).map(() => parsed))
      .andThen((parsed) => checkUpdateRequest(parsed)),
  );
}

/**
 * Checks a `saveNewAccount` request and returns the account it describes (no store needed: the number's
 * uniqueness is checked when it is saved).
 * @example
 * ```ts
 * const account = parseCreateAccountRequest({ id: 'a1', number: 'A-001', name: 'Acme', currency: 'USD' });
 * console.log(account.isOk()); // true
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export function parseCreateAccountRequest(input: unknown): Result<Account, DomainError> {
  return readRequest(input).andThen(parseNewAccount);
}

/**
 * Checks a `saveNewOrder` request for an account billing in `currency` (amounts are checked at its scale):
 * sizes (`INPUT_LIMITS`: 1,000 actions, rate plans, charges …), every action and charge, dates, unknown
 * fields, numbers used twice, discounts over 100 %. What needs the store — the account exists and bills in
 * `currency`, the subscriptions the actions change — is checked when the order is saved and activated.
 * @example
 * ```ts
 * const order = parseCreateOrderRequest(JSON.parse(body), 'USD');
 * if (order.isErr()) console.error(order.error.type, order.error.message);
 * else await saveNewOrder(context, order.value);
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export function parseCreateOrderRequest(
  input: unknown,
  currency: string,
): Result<CreateOrderInput, DomainError> {
  return checkedCopy(input, (request) =>
    readNewOrderKeys(request).andThen(({ accountNumber }) =>
      getCurrency(currency).andThen((known) =>
        parseNewOrder(request, {
          id: accountNumber,
          number: accountNumber,
          name: accountNumber,
          currency: known.code,
        }),
      ),
    ),
  );
}

/**
 * Checks an `activateSavedOrder` request: the number of the order to activate.
 * @example
 * ```ts
 * parseActivateOrderRequest({ orderNumber: 'O-0001' }).isOk(); // true
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export function parseActivateOrderRequest(
  input: unknown,
): Result<{ readonly orderNumber: string }, InvalidInput> {
  return checkedCopy(input, (request) =>
    requireFields(
      'activateSavedOrder',
      request,
      { orderNumber: EXPECTED_NUMBER.orderNumber },
      OPTIONAL_FIELDS.none,
    ),
  );
}

/**
 * Checks a bill run request without resolving its default target date (today in the tenant's zone). Left
 * out (`undefined`), the request is `{}`, as the operations take it.
 */
function checkBillRunRequest(
  operation: string,
  given: unknown,
): Result<RunBillRunInput, InvalidInput | TimeError> {
  // A placeholder for "today": the validator only checks a date that is given.
  const today = () => ok('1970-01-01' as BusinessDate);
  // Left out, the request is `{}`: read (a copy of `{}`, nothing of the caller's to read), checked and answered.
  const request = given === undefined ? {} : given;
  return checkedCopy(request, (read) =>
    parseBillRunRequest(read, today).andThen(() => idempotentCall(operation, read)),
  );
}

/**
 * Checks a `runBillRun` (or, with `operation`, a `startBillRun`) request: its sizes (`INPUT_LIMITS`: at most
 * 1,000 account and 1,000 schedule numbers), target date, filters, `includePausedSchedules` and idempotency
 * key. Left out, the target date is today in the tenant's zone, decided when the run starts. Another
 * `operation` is `InvalidInput` at `operation`. What needs the store is checked by the run: a request accepted
 * here is still refused with `InvoiceScheduleNotFound` when `invoiceScheduleNumbers` names a schedule that
 * does not exist.
 * @example
 * ```ts
 * const request = parseRunBillRunRequest({ targetDate: '2023-02-04', accountNumbers: ['A-001'] });
 * if (request.isOk()) await runBillRun(context, request.value);
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export function parseRunBillRunRequest(
  input: unknown,
  operation: 'runBillRun' | 'startBillRun' = 'runBillRun',
): Result<RunBillRunInput, InvalidInput | TimeError> {
  // Checked, not trusted: called from JavaScript, another name would reach idempotentCall, which throws.
  if (operation !== 'runBillRun' && operation !== 'startBillRun') {
    return err(invalidInput('operation', "'runBillRun' or 'startBillRun' (or left out)", operation));
  }
  return checkBillRunRequest(operation, input);
}

/**
 * Checks a `billAccount` request: the bill run's and the account's numbers. Whether the run is `Running`
 * and bills that account is checked when the account is billed.
 * @example
 * ```ts
 * parseBillAccountRequest({ billRunNumber: 'BR-00000001', accountNumber: 'A-001' }).isOk(); // true
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export function parseBillAccountRequest(input: unknown): Result<BillAccountInput, InvalidInput> {
  return checkedCopy(input, (request) =>
    requireFields(
      'billAccount',
      request,
      {
        billRunNumber: EXPECTED_NUMBER.billRunNumber,
        accountNumber: EXPECTED_NUMBER.accountNumber,
      },
      OPTIONAL_FIELDS.none,
    ),
  );
}

/**
 * Checks a `completeBillRun` request: the number (or id) of the run to complete.
 * @example
 * ```ts
 * parseCompleteBillRunRequest({ billRunNumber: 'BR-00000001' }).isOk(); // true
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export function parseCompleteBillRunRequest(
  input: unknown,
): Result<{ readonly billRunNumber: BillRunNumber }, InvalidInput> {
  return checkedCopy(input, (request) =>
    requireFields(
      'completeBillRun',
      request,
      { billRunNumber: EXPECTED_NUMBER.billRunNumber },
      OPTIONAL_FIELDS.none,
    ),
  );
}

/**
 * Checks an `executeInvoiceSchedule` request: the schedule's number (or id), the optional item id and
 * idempotency key. Whether the item is the earliest pending one is checked on execution.
 * @example
 * ```ts
 * parseExecuteInvoiceScheduleRequest({ invoiceScheduleNumber: 'IS-00000001', itemId: 7 }).isErr(); // true: not an id
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export function parseExecuteInvoiceScheduleRequest(
  input: unknown,
): Result<ExecuteInvoiceScheduleInput, InvalidInput> {
  return checkedCopy(input, (request) =>
    requireFields(
      'executeInvoiceSchedule',
      request,
      {
        invoiceScheduleNumber: EXPECTED_NUMBER.invoiceScheduleNumber,
      },
      OPTIONAL_FIELDS.executeInvoiceSchedule,
    )
      .andThen(() => readItemId((request as { readonly itemId?: unknown }).itemId))
      .andThen(() => idempotentCall('executeInvoiceSchedule', request)),
  );
}

/**
 * Checks a `generateBillingDocuments` request: the account's number, the optional target date (today in
 * the tenant's zone when left out) and idempotency key.
 * @example
 * ```ts
 * parseGenerateBillingDocumentsRequest({ accountNumber: 'A-001', targetDate: '2023-02-30' }).isErr(); // true
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export function parseGenerateBillingDocumentsRequest(
  input: unknown,
): Result<GenerateBillingDocumentsInput, InvalidInput | TimeError> {
  return checkedCopy(input, (request) =>
    requireFields(
      'generateBillingDocuments',
      request,
      { accountNumber: EXPECTED_NUMBER.accountNumber },
      OPTIONAL_FIELDS.generateBillingDocuments,
    )
      .andThen((): Result<unknown, InvalidInput | TimeError> => {
        const { targetDate } = request as { readonly targetDate?: unknown };
        return targetDate === undefined ? ok(undefined) : parseBusinessDate(targetDate, 'targetDate');
      })
      .andThen(() => idempotentCall('generateBillingDocuments', request)),
  );
}

/**
 * Checks a `pauseInvoiceSchedule`, `resumeInvoiceSchedule` or `deleteInvoiceSchedule` request (`operation`
 * names it in the messages): the schedule's number (or id) and, for a pause or resume, the optional
 * `expectedVersion` (a delete does not read it).
 * @example
 * ```ts
 * parseInvoiceScheduleKeyRequest({ invoiceScheduleNumber: 'IS-00000001', expectedVersion: 0 }).isErr(); // true
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export function parseInvoiceScheduleKeyRequest(
  input: unknown,
  operation:
    | 'pauseInvoiceSchedule'
    | 'resumeInvoiceSchedule'
    | 'deleteInvoiceSchedule' = 'pauseInvoiceSchedule',
): Result<
  { readonly invoiceScheduleNumber: InvoiceScheduleNumber; readonly expectedVersion?: number },
  InvalidInput
> {
  return checkedCopy(input, (request) =>
    requireFields(
      operation,
      request,
      { invoiceScheduleNumber: EXPECTED_NUMBER.invoiceScheduleNumber },
      operation === 'deleteInvoiceSchedule' ? OPTIONAL_FIELDS.none : OPTIONAL_FIELDS.expectedVersion,
    ).andThen(() =>
      operation === 'deleteInvoiceSchedule'
        ? ok(null)
        : readExpectedVersion((request as { readonly expectedVersion?: unknown }).expectedVersion),
    ),
  );
}

/**
 * Checks a `detachInvoiceScheduleCharges` or (with `operation`) an `attachInvoiceScheduleCharges` request:
 * the schedule's number (or id) and a non-empty list of `{ subscriptionNumber, chargeNumbers }`.
 * @example
 * ```ts
 * const selection = parseChargeSelectionRequest({
 *   invoiceScheduleNumber: 'IS-00000001',
 *   specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
 * });
 * if (selection.isOk()) await detachInvoiceScheduleCharges(context, selection.value);
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export function parseChargeSelectionRequest(
  input: unknown,
  operation: 'detachInvoiceScheduleCharges' | 'attachInvoiceScheduleCharges' = 'detachInvoiceScheduleCharges',
): Result<ChargeSelectionInput, InvalidInput> {
  return checkedCopy(input, (request) => checkSelections(operation, request as ChargeSelectionInput));
}

/**
 * Checks a `postInvoice`, `cancelInvoice` or `reverseInvoice` request (`operation` names it in the
 * messages): the invoice's number (or id).
 * @example
 * ```ts
 * parseInvoiceKeyRequest({ invoiceNumber: 'INV00000001' }).isOk(); // true
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export function parseInvoiceKeyRequest(
  input: unknown,
  operation: 'postInvoice' | 'cancelInvoice' | 'reverseInvoice' = 'postInvoice',
): Result<{ readonly invoiceNumber: InvoiceNumber }, InvalidInput> {
  return checkedCopy(input, (request) =>
    requireFields(operation, request, { invoiceNumber: EXPECTED_NUMBER.invoiceNumber }, OPTIONAL_FIELDS.none),
  );
}

/**
 * Checks a `postCreditMemo` request: the credit memo's number (or id).
 * @example
 * ```ts
 * parseCreditMemoKeyRequest({ creditMemoNumber: '' }).isErr(); // true
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export function parseCreditMemoKeyRequest(
  input: unknown,
): Result<{ readonly creditMemoNumber: CreditMemoNumber }, InvalidInput> {
  return checkedCopy(input, (request) =>
    requireFields(
      'postCreditMemo',
      request,
      { creditMemoNumber: EXPECTED_NUMBER.creditMemoNumber },
      OPTIONAL_FIELDS.none,
    ),
  );
}

/**
 * Checks the key the read operations take (`getInvoiceSchedule`, `getInvoice`, `getCreditMemo`,
 * `getBillRun`, `listScheduleInvoices`, `listScheduleCreditMemos`): a non-blank string of at most 255
 * characters, such as a path parameter.
 * @example
 * ```ts
 * parseRecordKey('IS-00000001').isOk(); // true
 * parseRecordKey('x'.repeat(1_000_000)).isErr(); // true: InvalidInput, without quoting the whole string
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export function parseRecordKey(input: unknown): Result<string, InvalidInput> {
  return readRequest(input).andThen((key) =>
    typeof key !== 'string' || key.trim() === ''
      ? err(invalidInput('', 'a number or id, a non-blank string such as "IS-00000001"', key))
      : checkIdentifierLength(key, ''),
  );
}
