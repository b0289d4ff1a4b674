/**
 * Additional invoice lines (Kill Bill's `getAdditionalInvoiceItems`): a host's hook adds lines of its own —
 * taxes, fees — to each invoice the core has decided, before the invoice is numbered. This module is the
 * pure half: the read-only view of a proposed invoice the hook is given ({@link invoiceProposal}), the check
 * of what it returns and the invoice with the lines added ({@link withAdditionalLines}), and the errors.
 * The operations call the hook (`operations/additional-lines.ts`).
 *
 * An additional line bills no charge: its subscription and charge numbers are `''`, it names no schedule
 * or item, and both its service dates are the invoice date. Everything that reads lines by charge or by
 * schedule — credits, reversals, standard billing, billed amounts — therefore leaves it alone; only the
 * invoice's `amount` (and so its balance) includes it.
 */
import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { getCurrency } from '../../money/currency';
import { Dec, ZERO } from '../../money/decimal';
import { invalidAmountReason } from '../../money/errors';
import { amountSizeError, formatAmount, parseAmount } from '../../money/money';
import type { BusinessDate } from '../../time/date';
import { type CustomFields, decodeCustomFields, NO_CUSTOM_FIELDS } from '../custom-fields';
import { decodeFields, describeReceived, type Issue, joinPath, nonBlankString } from '../decode';
import { isUnstorable } from '../input';
import type { Invoice, InvoiceLine, InvoiceLineKind } from './invoice';

/**
 * One line a `BillingHooks.additionalInvoiceLines` hook adds to an invoice: a tax, a fee, a
 * surcharge or a rebate. Only these three fields are accepted; anything else is refused with
 * `InvalidAdditionalLines`, so a misspelt field is caught instead of ignored.
 * @example
 * ```ts
 * const vat: AdditionalLineInput = { name: 'VAT 5%', amount: '2500.00', customFields: { TaxCode__c: 'VAT5' } };
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export interface AdditionalLineInput {
  /**
   * What the line is, as the customer reads it (`'VAT 5%'`, `'Late fee'`): a non-blank string of at most
   * {@link ADDITIONAL_LINE_LIMITS}`.nameLength` characters, counted as UTF-16 code units (JavaScript's `length`: an
   * emoji counts 2). It becomes the line's `chargeName`.
   */
  readonly name: string;
  /**
   * The amount in the invoice's currency, as a decimal string with at most the currency's minor units
   * (`'12.50'` USD, `'1250'` JPY, `'1.250'` KWD). Negative for a rebate, as long as the invoice total stays
   * at or above zero. Never a JS number.
   */
  readonly amount: string;
  /**
   * The host's own data on the line (a tax code, a jurisdiction), checked like every custom field
   * (`CUSTOM_FIELD_LIMITS`); `{}` when absent. A tax code belongs here: the library never reads it.
   */
  readonly customFields?: CustomFields;
}

/**
 * The bounds on what a hook may return for one invoice: at most `lines` lines (100), each `name` at most
 * `nameLength` UTF-16 code units (255; JavaScript's `length`).
 * @category Inputs
 * @since 0.2.0
 */
export const ADDITIONAL_LINE_LIMITS = Object.freeze({
  lines: 100,
  nameLength: 255,
} as const);

/**
 * One line of a {@link InvoiceProposal}, as the core decided it, with its amount as a decimal string at
 * the currency's scale.
 * @category Domain model
 * @since 0.2.0
 */
export interface ProposedInvoiceLine {
  /** `Charge` or `Discount` (the core never proposes an `Additional` line). */
  readonly kind: InvoiceLineKind;
  readonly subscriptionNumber: string;
  readonly chargeNumber: string;
  readonly chargeName: string;
  /** For a discount line: the charge it discounts; otherwise `null`. */
  readonly appliesToChargeNumber: string | null;
  /** The line amount (`'26282.05'`; negative for a discount). */
  readonly amount: string;
  readonly serviceStartDate: BusinessDate;
  readonly serviceEndDate: BusinessDate;
  /** The schedule that produced the line (`null`: standard billing). */
  readonly invoiceScheduleNumber: string | null;
  /** The schedule item that produced the line (`null`: standard billing). */
  readonly invoiceScheduleItemId: string | null;
  /** The item's custom fields copied onto the line (`{}` for standard billing). */
  readonly customFields: CustomFields;
}

/**
 * The read-only view of an invoice the core has decided, given to the
 * `BillingHooks.additionalInvoiceLines` hook before the invoice is numbered (it has no number yet).
 * Frozen; amounts are decimal strings at the currency's scale.
 * @category Domain model
 * @since 0.2.0
 */
export interface InvoiceProposal {
  /** `true` in a dry run (`previewBillRun`, `previewExecution`): nothing will be saved. */
  readonly preview: boolean;
  /** The account billed. */
  readonly accountNumber: string;
  /** ISO 4217 code; the added lines' amounts are in it. */
  readonly currency: string;
  /** The invoice date. */
  readonly invoiceDate: BusinessDate;
  /** Σ the proposed lines (`'50000.00'`), before any additional line. */
  readonly amount: string;
  /** The lines the core decided, in invoice order: a schedule's lines name their schedule and item. */
  readonly lines: readonly ProposedInvoiceLine[];
}

/**
 * What a `BillingHooks.additionalInvoiceLines` hook returned for an invoice cannot be added: not an
 * array, more than {@link ADDITIONAL_LINE_LIMITS}`.lines` lines, a line that is not an object or has an
 * unknown field, a missing or blank `name`, an `amount` that is not a decimal string with at most the
 * currency's minor units, bad `customFields`, or lines that would make the invoice total negative.
 * Nothing of the account (or the execution) was saved and no number was drawn.
 * @category Errors
 * @since 0.2.0
 */
export interface InvalidAdditionalLines {
  readonly type: 'InvalidAdditionalLines';
  readonly message: string;
  /** The account whose invoice it was. */
  readonly accountNumber: string;
  readonly currency: string;
  readonly invoiceDate: BusinessDate;
  /** Where in the returned value (`''`: the whole list; `[1].amount`: the amount of the second line). */
  readonly path: string;
  /** What was expected there. */
  readonly expected: string;
  /** What was found, briefly (`"12.505"`, `number 12.5`, `an object`). */
  readonly received: string;
}

/**
 * The `BillingHooks.additionalInvoiceLines` hook threw, or its promise rejected. Nothing of the
 * account (or the execution) was saved and no number was drawn; the operation may be run again once the
 * hook works (a bill run records the account as `Failed`).
 * @category Errors
 * @since 0.2.0
 */
export interface AdditionalLinesHookFailed {
  readonly type: 'AdditionalLinesHookFailed';
  readonly message: string;
  readonly accountNumber: string;
  readonly currency: string;
  readonly invoiceDate: BusinessDate;
  /** The thrown error's message (or the thrown value, as text). */
  readonly reason: string;
}

/**
 * Everything adding additional lines can fail with.
 * @category Errors
 * @since 0.2.0
 */
export type AdditionalLinesError = InvalidAdditionalLines | AdditionalLinesHookFailed;

/**
 * The `type` of every additional-lines error.
 * @category Errors
 * @since 0.2.0
 */
export const ADDITIONAL_LINES_ERROR_TYPES = Object.freeze([
  'InvalidAdditionalLines',
  'AdditionalLinesHookFailed',
] as const satisfies readonly AdditionalLinesError['type'][]);

type MissingType = Exclude<AdditionalLinesError['type'], (typeof ADDITIONAL_LINES_ERROR_TYPES)[number]>;
const exhaustive: [MissingType] extends [never] ? true : false = true;
void exhaustive;

const LINE_FIELDS = ['name', 'amount', 'customFields'] as const;

function currencyOf(invoice: Invoice) {
  const currency = getCurrency(invoice.currency);
  /* v8 ignore next */
  if (currency.isErr()) throw new Error(`additional lines: unknown currency ${invoice.currency}`);
  return currency.value;
}

/**
 * The frozen view of a decided invoice that the hook is given. Pure. @internal
 */
export function invoiceProposal(invoice: Invoice, preview: boolean): InvoiceProposal {
  const currency = currencyOf(invoice);
  const lines = invoice.lines.map(
    (l): ProposedInvoiceLine =>
      Object.freeze({
        kind: l.kind,
        subscriptionNumber: l.subscriptionNumber,
        chargeNumber: l.chargeNumber,
        chargeName: l.chargeName,
        appliesToChargeNumber: l.appliesToChargeNumber,
        amount: formatAmount(l.amount, currency),
        serviceStartDate: l.serviceStartDate,
        serviceEndDate: l.serviceEndDate,
        invoiceScheduleNumber: l.invoiceScheduleNumber,
        invoiceScheduleItemId: l.invoiceScheduleItemId,
        customFields: l.customFields,
      }),
  );
  return Object.freeze({
    preview,
    accountNumber: invoice.accountNumber,
    currency: invoice.currency,
    invoiceDate: invoice.invoiceDate,
    amount: formatAmount(invoice.amount, currency),
    lines: Object.freeze(lines),
  });
}

function where(invoice: Invoice): string {
  return `account ${invoice.accountNumber}'s invoice of ${invoice.invoiceDate} (${invoice.currency})`;
}

function invalid(invoice: Invoice, found: Issue, shown?: string): InvalidAdditionalLines {
  const received = shown ?? describeReceived(found.input);
  const at = found.path === '' ? 'the returned value' : found.path;
  return Object.freeze({
    type: 'InvalidAdditionalLines' as const,
    message: `The additionalInvoiceLines hook returned lines that cannot be added to ${where(invoice)}: ${at}: expected ${found.expected}, received ${received}. Fix the hook; nothing was saved.`,
    accountNumber: invoice.accountNumber,
    currency: invoice.currency,
    invoiceDate: invoice.invoiceDate,
    path: found.path,
    expected: found.expected,
    received,
  });
}

/** The `AdditionalLinesHookFailed` of a hook that threw `thrown` for this invoice. @internal */
export function additionalLinesHookFailed(invoice: Invoice, thrown: unknown): AdditionalLinesHookFailed {
  let reason: string;
  try {
    reason = thrown instanceof Error ? thrown.message : String(thrown);
  } catch {
    reason = describeReceived(thrown);
  }
  return Object.freeze({
    type: 'AdditionalLinesHookFailed' as const,
    message: `The additionalInvoiceLines hook failed for ${where(invoice)}: ${reason}. Nothing was saved and no number was drawn; run the operation again once the hook works.`,
    accountNumber: invoice.accountNumber,
    currency: invoice.currency,
    invoiceDate: invoice.invoiceDate,
    reason,
  });
}

interface CheckedLine {
  readonly name: string;
  readonly amount: Decimal;
  readonly customFields: CustomFields;
}

function checkLine(
  element: unknown,
  path: string,
  currency: ReturnType<typeof currencyOf>,
): Result<CheckedLine, Issue> {
  const fields = decodeFields(element, path, LINE_FIELDS, 'an object { name, amount, customFields? }');
  if (fields.isErr()) return err(fields.error);
  const line = fields.value;
  const name = nonBlankString(line.name, joinPath(path, 'name'));
  if (name.isErr()) return err(name.error);
  if (name.value.length > ADDITIONAL_LINE_LIMITS.nameLength) {
    return err({
      path: joinPath(path, 'name'),
      expected: `a name of at most ${ADDITIONAL_LINE_LIMITS.nameLength} characters`,
      input: name.value,
    });
  }
  if (isUnstorable(name.value)) {
    return err({
      path: joinPath(path, 'name'),
      expected: 'a name without U+0000 or an unpaired UTF-16 surrogate',
      input: name.value,
    });
  }
  const expectedAmount = `a decimal string with at most ${currency.minorUnits} decimals (${currency.code}) such as "${formatAmount(new Dec(12), currency)}"`;
  const amountPath = joinPath(path, 'amount');
  if (typeof line.amount !== 'string')
    return err({ path: amountPath, expected: expectedAmount, input: line.amount });
  const amount = parseAmount(line.amount, currency);
  if (amount.isErr()) {
    // Too many decimals is what `expectedAmount` says; any other refusal (its size, white space, an exponent)
    // says why in the money error's own words.
    const expected =
      amount.error.type === 'InvalidAmount'
        ? `${expectedAmount} — ${invalidAmountReason(amount.error)}`
        : expectedAmount;
    return err({ path: amountPath, expected, input: line.amount });
  }
  let customFields = NO_CUSTOM_FIELDS;
  if (line.customFields !== undefined) {
    const decoded = decodeCustomFields(line.customFields, joinPath(path, 'customFields'));
    if (decoded.isErr()) return err(decoded.error);
    customFields = decoded.value;
  }
  return ok({ name: name.value, amount: amount.value, customFields });
}

/**
 * The invoice with the lines a hook returned (`returned`, untrusted) appended as `Additional` lines, and its
 * amount raised by them; the invoice itself when the list is empty. The whole list is checked first (see
 * {@link InvalidAdditionalLines}); nothing is added unless every line is valid. Pure. @internal
 */
export function withAdditionalLines(
  invoice: Invoice,
  returned: unknown,
): Result<Invoice, InvalidAdditionalLines> {
  const currency = currencyOf(invoice);
  if (!Array.isArray(returned)) {
    return err(
      invalid(invoice, { path: '', expected: 'an array of lines { name, amount }', input: returned }),
    );
  }
  if (returned.length > ADDITIONAL_LINE_LIMITS.lines) {
    return err(
      invalid(
        invoice,
        { path: '', expected: `at most ${ADDITIONAL_LINE_LIMITS.lines} lines`, input: returned },
        `an array of ${returned.length} lines`,
      ),
    );
  }
  if (returned.length === 0) return ok(invoice);
  const checked: CheckedLine[] = [];
  for (let i = 0; i < returned.length; i += 1) {
    const line = checkLine(returned[i], joinPath('', i), currency);
    if (line.isErr()) return err(invalid(invoice, line.error));
    checked.push(line.value);
  }
  const added = checked.reduce((acc, l) => acc.plus(l.amount), ZERO);
  const amount = invoice.amount.plus(added);
  if (amount.lt(0)) {
    return err(
      invalid(
        invoice,
        {
          path: '',
          expected: `lines that leave the invoice total at or above 0 (it is ${formatAmount(invoice.amount, currency)} before them)`,
          input: returned,
        },
        `lines adding ${formatAmount(added, currency)}, a total of ${formatAmount(amount, currency)}`,
      ),
    );
  }
  // Each line is within the amount size, but a hundred of them need not be (review 202: a total of 33 digits was
  // saved); amounts are limited to 30 digits before the point so that every sum stays exact.
  if (amountSizeError(amount) !== null) {
    return err(
      invalid(
        invoice,
        {
          path: '',
          expected: 'lines that leave the invoice total at most 30 digits before the decimal point',
          input: returned,
        },
        `lines adding ${formatAmount(added, currency)}, a total of ${formatAmount(amount, currency)}`,
      ),
    );
  }
  const first = invoice.lines.length + 1;
  const lines = checked.map(
    (l, i): InvoiceLine =>
      Object.freeze({
        id: `${invoice.id}-${first + i}`,
        kind: 'Additional' as const,
        subscriptionNumber: '',
        chargeNumber: '',
        chargeName: l.name,
        appliesToChargeNumber: null,
        amount: l.amount,
        serviceStartDate: invoice.invoiceDate,
        serviceEndDate: invoice.invoiceDate,
        invoiceScheduleNumber: null,
        invoiceScheduleItemId: null,
        customFields: l.customFields,
      }),
  );
  return ok(
    Object.freeze({
      ...invoice,
      lines: Object.freeze([...invoice.lines, ...lines]),
      amount,
    }),
  );
}
