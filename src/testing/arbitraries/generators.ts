import type { Decimal } from 'decimal.js';
import * as fc from 'fast-check';
import type { Account } from '../../domain/contract/account';
import type { RatePlan, RatePlanCharge } from '../../domain/contract/charge';
import type { Subscription } from '../../domain/contract/subscription';
import type { CustomFields } from '../../domain/custom-fields';
import type { Invoice, InvoiceLine } from '../../domain/documents/invoice';
import type { CreditApplication } from '../../domain/documents/settlement';
import type { Order, OrderAction } from '../../domain/order/order';
import {
  type InvoiceSchedule,
  type InvoiceScheduleItem,
  refreshSchedule,
  type ScheduleCharge,
  scheduleState,
} from '../../domain/schedule/schedule';
import { CURRENCIES, type Currency } from '../../money/currency';
import { Dec } from '../../money/decimal';
import { addDays, addMonths, type BusinessDate, daysBetween, isAfter } from '../../time/date';
import { deepFreeze } from '../freeze';

/**
 * Currencies of every scale the library must handle: 0 (JPY, KRW), 2 (USD, EUR) and 3 (KWD, BHD)
 * decimals (the dinero.js habit of testing allocation across scales).
 * @since 0.1.0
 */
export function arbCurrency(): fc.Arbitrary<Currency> {
  const codes = ['USD', 'EUR', 'JPY', 'KRW', 'KWD', 'BHD'];
  return fc.constantFrom(...codes.map((code) => CURRENCIES[code] as Currency));
}

/**
 * Bounds of {@link arbAmount}, in the currency's major units (decimal strings or numbers).
 * @since 0.1.0
 */
export interface AmountRange {
  /** Smallest amount, default 0. */
  readonly min?: string | number;
  /** Largest amount, default 1,000,000,000. */
  readonly max?: string | number;
}

/**
 * Decimal amounts exactly at the currency's scale (whole minor units) within `range`: a bound between two
 * minor units is taken inward (`min` 0.005 USD gives 0.01 and up). Throws a RangeError when no whole minor
 * unit lies in the range (USD from 0.001 to 0.009), or when a bound is not a finite decimal.
 * @since 0.1.0
 */
export function arbAmount(currency: Currency, range: AmountRange = {}): fc.Arbitrary<Decimal> {
  const factor = new Dec(10).pow(currency.minorUnits);
  // Inward: min up, max down (both were rounded toward zero, which took a positive min or a negative max
  // outward, to 0).
  const toMinor = (x: string | number, rounding: Decimal.Rounding, name: string): bigint => {
    let value: Decimal;
    try {
      value = new Dec(x);
    } catch {
      // decimal.js throws a plain Error for text it cannot read ('abc', '', '1,5').
      value = new Dec(Number.NaN);
    }
    if (!value.isFinite())
      throw new RangeError(`arbAmount: ${name} must be a finite decimal, got ${String(x)}`);
    return BigInt(value.times(factor).toFixed(0, rounding));
  };
  const min = toMinor(range.min ?? 0, Dec.ROUND_CEIL, 'min');
  const max = toMinor(range.max ?? 1_000_000_000, Dec.ROUND_FLOOR, 'max');
  if (min > max) {
    throw new RangeError(
      `arbAmount: no amount in whole ${currency.code} minor units lies from ${String(range.min ?? 0)} to ${String(range.max ?? 1_000_000_000)}`,
    );
  }
  return fc.bigInt({ min, max }).map((units) => new Dec(units.toString()).div(factor));
}

/**
 * Bounds of {@link arbBusinessDate}, inclusive.
 * @since 0.1.0
 */
export interface DateRange {
  /** Earliest date, default 2000-01-01. */
  readonly min?: BusinessDate;
  /** Latest date, default 2099-12-31. */
  readonly max?: BusinessDate;
}

/**
 * Business dates (`YYYY-MM-DD`) within `range`, leap days and month ends included.
 * @since 0.1.0
 */
export function arbBusinessDate(range: DateRange = {}): fc.Arbitrary<BusinessDate> {
  const min = range.min ?? ('2000-01-01' as BusinessDate);
  const max = range.max ?? ('2099-12-31' as BusinessDate);
  return fc.integer({ min: 0, max: daysBetween(min, max) }).map((n) => addDays(min, n));
}

/** Keys (numbers, ids) with a prefix. @internal */
export const arbKey = (prefix: string): fc.Arbitrary<string> =>
  fc.integer({ min: 1, max: 99_999_999 }).map((n) => `${prefix}${String(n).padStart(8, '0')}`);

/** Short free text. @internal */
export const arbText: fc.Arbitrary<string> = fc.string({ maxLength: 24 });

/**
 * Up to three custom fields (issue 13) of the names a host would use, each a string, a whole or
 * fractional number (never -0, which JSON writes as 0), a boolean or null. @internal
 */
export const arbCustomFields: fc.Arbitrary<CustomFields> = fc
  .dictionary(
    fc.constantFrom('PONumber__c', 'Cost_Center__c', 'Priority__c', 'Taxable__c', 'x1__c'),
    fc.oneof(
      arbText,
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n)),
      fc.boolean(),
      fc.constant(null),
    ),
    { maxKeys: 3 },
  )
  .map((fields) => Object.freeze({ ...fields }) as CustomFields);

/** A name as `saveNewAccount` takes it: short text that is not blank. @internal */
const arbName: fc.Arbitrary<string> = fc
  .string({ minLength: 1, maxLength: 24 })
  .filter((s) => s.trim() !== '');

/**
 * Valid accounts in one of {@link arbCurrency}'s currencies: each one `saveNewAccount` accepts.
 * @since 0.1.0
 */
export function arbAccount(): fc.Arbitrary<Account> {
  return fc
    .record({ id: fc.uuid(), number: arbKey('A'), name: arbName, currency: arbCurrency() })
    .map((a) => Object.freeze({ ...a, currency: a.currency.code }));
}

function arbCharge(
  currency: Currency,
  number: string,
  start: BusinessDate,
  end: BusinessDate,
  months: number,
) {
  const oneTime = arbAmount(currency, { min: 1, max: 100_000 }).map(
    (price): RatePlanCharge => ({
      number,
      name: 'One-time fee',
      type: 'OneTime',
      price,
      quantity: new Dec(1),
      listPriceBase: null,
      billingPeriod: null,
      specificBillingPeriodMonths: null,
      discountPercentage: null,
      startDate: start,
      endDate: start,
    }),
  );
  const recurring = fc
    .tuple(arbAmount(currency, { min: 1, max: 100_000 }), fc.integer({ min: 1, max: 5 }))
    .map(
      ([price, quantity]): RatePlanCharge => ({
        number,
        name: 'Recurring fee',
        type: 'Recurring',
        price,
        quantity: new Dec(quantity),
        listPriceBase: 'Year',
        // §4.2 rule 5: a billing period at least as long as the term.
        billingPeriod: 'SpecificMonths',
        specificBillingPeriodMonths: months,
        discountPercentage: null,
        startDate: start,
        endDate: end,
      }),
    );
  return fc.oneof(recurring, oneTime);
}

/**
 * Valid termed subscriptions: a 1–36-month term, one to three rate plans of one to three one-time
 * or recurring charges (unique charge numbers), version 1–5.
 * @since 0.1.0
 */
export function arbSubscription(): fc.Arbitrary<Subscription> {
  return fc
    .record({
      currency: arbCurrency(),
      number: arbKey('S-'),
      accountNumber: arbKey('A'),
      termStart: arbBusinessDate({ min: '2015-01-01' as BusinessDate, max: '2035-12-31' as BusinessDate }),
      months: fc.integer({ min: 1, max: 36 }),
      plans: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
      invoiceSeparately: fc.boolean(),
      version: fc.integer({ min: 1, max: 5 }),
    })
    .chain((s) => {
      const termEnd = addDays(addMonths(s.termStart, s.months), -1);
      const plans = s.plans.map((count, p) =>
        fc
          .tuple(
            ...Array.from({ length: count }, (_, c) =>
              arbCharge(s.currency, `${s.number}-C${p + 1}${c + 1}`, s.termStart, termEnd, s.months),
            ),
          )
          .map((charges): RatePlan => ({ id: `${s.number}-RP${p + 1}`, name: `Plan ${p + 1}`, charges })),
      );
      return fc.tuple(...plans).map(
        (ratePlans): Subscription =>
          deepFreeze({
            number: s.number,
            accountNumber: s.accountNumber,
            currency: s.currency.code,
            termType: 'Termed',
            termStart: s.termStart,
            termEnd,
            status: 'Active',
            invoiceSeparately: s.invoiceSeparately,
            ratePlans,
            createdByOrder: 'O-00000001',
            version: s.version,
          }),
      );
    });
}

/** Change actions on `sub` (not necessarily activatable: they exercise parsing-free paths such as the codecs). */
function arbChangeAction(sub: Subscription): fc.Arbitrary<OrderAction> {
  const currency = CURRENCIES[sub.currency] as Currency;
  const subscriptionNumber = sub.number;
  const date = arbBusinessDate({ min: sub.termStart, max: sub.termEnd ?? addMonths(sub.termStart, 12) });
  const ratePlanId = fc.constantFrom(...sub.ratePlans.map((rp) => rp.id));
  const chargeNumber = fc.constantFrom(...sub.ratePlans.flatMap((rp) => rp.charges.map((c) => c.number)));
  const dated = (type: 'CancelSubscription' | 'Suspend' | 'Resume') =>
    date.map((effectiveDate): OrderAction => ({ type, subscriptionNumber, effectiveDate }));
  return fc.oneof(
    fc.tuple(ratePlanId, date).map(
      ([id, effectiveDate]): OrderAction => ({
        type: 'RemoveProduct',
        subscriptionNumber,
        ratePlanId: id,
        effectiveDate,
      }),
    ),
    dated('CancelSubscription'),
    fc
      .record(
        {
          number: chargeNumber,
          effectiveDate: date,
          price: arbAmount(currency, { min: 0, max: 100_000 }),
          quantity: fc.integer({ min: 1, max: 9 }).map((q) => new Dec(q)),
        },
        { requiredKeys: ['number', 'effectiveDate'] },
      )
      // A new price, a new quantity or both: an Update Product with neither is refused when parsed.
      .filter((u) => u.price !== undefined || u.quantity !== undefined)
      .map(
        (u): OrderAction => ({
          type: 'UpdateProduct',
          subscriptionNumber,
          chargeNumber: u.number,
          effectiveDate: u.effectiveDate,
          ...(u.price === undefined ? {} : { price: u.price }),
          ...(u.quantity === undefined ? {} : { quantity: u.quantity }),
        }),
      ),
    fc.constantFrom(...sub.ratePlans).map(
      (rp): OrderAction => ({
        type: 'AddProduct',
        subscriptionNumber,
        ratePlan: {
          id: `${rp.id}-added`,
          name: rp.name,
          charges: rp.charges.map((c) => ({ ...c, number: `${c.number}-added` })),
        },
      }),
    ),
    fc
      .record({ termStart: date, termEnd: date }, { requiredKeys: [] })
      .filter((t) => t.termStart !== undefined || t.termEnd !== undefined)
      .map((t): OrderAction => {
        // Both given: the earlier starts the term (a term ending before it starts is refused when parsed).
        const [start, end] =
          t.termStart !== undefined && t.termEnd !== undefined && isAfter(t.termStart, t.termEnd)
            ? [t.termEnd, t.termStart]
            : [t.termStart, t.termEnd];
        return {
          type: 'TermsAndConditions',
          subscriptionNumber,
          ...(start === undefined ? {} : { termStart: start }),
          ...(end === undefined ? {} : { termEnd: end }),
        };
      }),
    fc
      .integer({ min: 1, max: 36 })
      .map((renewalTermMonths): OrderAction => ({ type: 'Renew', subscriptionNumber, renewalTermMonths })),
    arbKey('A').map(
      (newOwnerAccountNumber): OrderAction => ({
        type: 'OwnerTransfer',
        subscriptionNumber,
        newOwnerAccountNumber,
      }),
    ),
    dated('Suspend'),
    dated('Resume'),
  );
}

/**
 * Orders of one Create Subscription action built from {@link arbSubscription}, followed by zero to three change
 * actions on that subscription (every other action type: Remove/Update/Add Product, Cancel, Terms And Conditions,
 * Renew, Owner Transfer, Suspend, Resume). The change actions are well-formed values, not necessarily
 * activatable (e.g. an Update Product from mid-charge): use them for codecs and storage, not for activation.
 * @since 0.1.0
 */
export function arbOrder(): fc.Arbitrary<Order> {
  return fc
    .record({
      sub: arbSubscription(),
      number: arbKey('O-'),
      status: fc.constantFrom('Draft', 'Pending', 'Completed'),
    })
    .chain(({ sub, number, status }) =>
      // A plan added twice by one order repeats its charge numbers (refused when parsed): one Add Product a plan.
      fc
        .uniqueArray(arbChangeAction(sub), {
          maxLength: 3,
          selector: (a) => (a.type === 'AddProduct' ? `AddProduct:${a.ratePlan.id}` : a),
        })
        .map((changes) =>
          deepFreeze({
            number,
            accountNumber: sub.accountNumber,
            currency: sub.currency,
            orderDate: sub.termStart,
            status: status as Order['status'],
            actions: [
              {
                type: 'CreateSubscription' as const,
                subscriptionNumber: sub.number,
                termType: sub.termType,
                termStart: sub.termStart,
                termEnd: sub.termEnd,
                invoiceSeparately: sub.invoiceSeparately,
                ratePlans: sub.ratePlans,
              },
              ...changes,
            ],
          }),
        ),
    );
}

/**
 * Consistent invoice schedules: one to six items with strictly increasing run dates (possibly a
 * blank last run date), the first k items Processed (billed in full, with an invoice number), one
 * to four charges, totals = Σ item amounts, derived fields computed by the library's own rules;
 * sometimes Paused.
 * @since 0.1.0
 */
export function arbInvoiceSchedule(): fc.Arbitrary<InvoiceSchedule> {
  return fc
    .record({
      currency: arbCurrency(),
      number: arbKey('IS-'),
      accountNumber: arbKey('A'),
      start: arbBusinessDate({ min: '2015-01-01' as BusinessDate, max: '2035-12-31' as BusinessDate }),
      gaps: fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 6 }),
      blankLast: fc.boolean(),
      chargeCount: fc.integer({ min: 1, max: 4 }),
      paused: fc.boolean(),
      notes: arbText,
      customFields: arbCustomFields,
      version: fc.integer({ min: 1, max: 9 }),
    })
    .chain((s) =>
      fc
        .record({
          // §4.2 rule 7: no item of zero (one minor unit at least: 0.001 is taken inward to the currency's unit).
          amounts: fc.array(arbAmount(s.currency, { min: '0.001', max: 1_000_000 }), {
            minLength: s.gaps.length,
            maxLength: s.gaps.length,
          }),
          processed: fc.integer({ min: 0, max: s.gaps.length }),
          itemFields: fc.array(arbCustomFields, { minLength: s.gaps.length, maxLength: s.gaps.length }),
        })
        .map(({ amounts, processed, itemFields }) => {
          let date = s.start;
          const zero = new Dec(0);
          const items = s.gaps.map((gap, i): InvoiceScheduleItem => {
            date = addDays(date, gap);
            const amount = amounts[i] ?? zero;
            const done = i < processed;
            const blank = s.blankLast && i === s.gaps.length - 1 && !done;
            return {
              id: `${s.number}-item-${i + 1}`,
              sequence: i + 1,
              name: i === 0 ? 'HTD' : null,
              runDate: blank ? null : date,
              amount,
              percentage: null,
              actualAmount: amount,
              billedAmount: done ? amount : zero,
              targetDateForAdditionalSubscriptions: null,
              status: done ? 'Processed' : 'Pending',
              invoiceNumber: done ? `INV${String(i + 1).padStart(8, '0')}` : null,
              dueDate: done && !blank ? date : null,
              creditMemoNumbers: [],
              generation: 0,
              customFields: itemFields[i] ?? {},
            };
          });
          const total = items.reduce((acc, i) => acc.plus(i.amount), zero);
          const charges = Array.from(
            { length: s.chargeCount },
            (_, c): ScheduleCharge => ({
              orderNumber: 'O-00000001',
              subscriptionNumber: `S-0000000${c + 1}`,
              chargeNumber: `C-0000000${c + 1}`,
              billedAmount: zero,
              servedThrough: null,
              detached: false,
              detachment: null,
            }),
          );
          const schedule: InvoiceSchedule = {
            id: `${s.number}-id`,
            number: s.number,
            accountNumber: s.accountNumber,
            currency: s.currency.code,
            // refreshSchedule derives the status (before the pause) from the items.
            ...scheduleState('Pending', s.paused),
            totalAmount: total,
            actualAmount: total,
            billedAmount: zero,
            unbilledAmount: total,
            nextRunDate: null,
            nextRunDateOverride: null,
            notes: s.notes,
            invoiceSeparately: false,
            customFields: s.customFields,
            orders: ['O-00000001'],
            specificSubscriptions: [],
            additionalSubscriptionsToBill: [],
            charges,
            items,
            version: s.version,
          };
          return deepFreeze(refreshSchedule(schedule));
        }),
    );
}

/**
 * Invoices of one to five charge lines (service end on or after start), amount = Σ lines. A Posted
 * invoice with a positive amount may carry up to three credit applications (`creditApplications`, since
 * 0.2.0) of memos `CM…` of its account, each > 0 at the currency's scale, together at most its amount, so
 * its balance stays within [0, amount].
 * @since 0.1.0
 */
export function arbInvoice(): fc.Arbitrary<Invoice> {
  return fc
    .record({
      currency: arbCurrency(),
      number: arbKey('INV'),
      accountNumber: arbKey('A'),
      invoiceDate: arbBusinessDate({ min: '2015-01-01' as BusinessDate, max: '2035-12-31' as BusinessDate }),
      status: fc.constantFrom('Draft', 'Posted', 'Canceled', 'Reversed'),
      lineCount: fc.integer({ min: 1, max: 5 }),
      fromSchedule: fc.boolean(),
      customFields: arbCustomFields,
      version: fc.integer({ min: 1, max: 9 }),
    })
    .chain((s) =>
      fc
        .array(
          fc.tuple(
            arbAmount(s.currency, { min: -100_000, max: 1_000_000 }),
            fc.integer({ min: 0, max: 400 }),
          ),
          {
            minLength: s.lineCount,
            maxLength: s.lineCount,
          },
        )
        .chain((parts) => {
          const lines = parts.map(
            ([amount, length], i): InvoiceLine => ({
              id: `${s.number}-${i + 1}`,
              kind: 'Charge',
              subscriptionNumber: 'S-00000001',
              chargeNumber: `C-0000000${i + 1}`,
              chargeName: `Charge ${i + 1}`,
              appliesToChargeNumber: null,
              amount,
              serviceStartDate: s.invoiceDate,
              serviceEndDate: addDays(s.invoiceDate, length),
              invoiceScheduleNumber: s.fromSchedule ? 'IS-00000001' : null,
              invoiceScheduleItemId: s.fromSchedule ? 'InvoiceScheduleItem-000001' : null,
              // A line carries its item's custom fields; a line of standard billing none.
              customFields: s.fromSchedule ? s.customFields : {},
            }),
          );
          const amount = lines.reduce((acc, l) => acc.plus(l.amount), new Dec(0));
          return arbCreditApplications(s.number, s.currency, s.status === 'Posted' ? amount : new Dec(0)).map(
            (creditApplications) =>
              deepFreeze({
                id: `${s.number}-id`,
                number: s.number,
                accountNumber: s.accountNumber,
                currency: s.currency.code,
                invoiceDate: s.invoiceDate,
                status: s.status as Invoice['status'],
                amount,
                lines,
                billRunNumber: s.fromSchedule ? 'BR-00000001' : null,
                creditApplications,
                version: s.version,
              }),
          );
        }),
    );
}

/** `hh:mm:ss` of the second of a day (0–86,399). */
function clockTime(second: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(second / 3600))}:${two(Math.floor(second / 60) % 60)}:${two(second % 60)}`;
}

/** Up to three applications to `invoiceNumber`, each > 0, together at most `limit` (none when `limit` ≤ 0). */
function arbCreditApplications(
  invoiceNumber: string,
  currency: Currency,
  limit: Decimal,
): fc.Arbitrary<CreditApplication[]> {
  const unit = new Dec(1).div(new Dec(10).pow(currency.minorUnits));
  if (limit.lt(unit)) return fc.constant([]);
  return fc
    .array(
      fc.record({
        // A share of what is left, in thousandths (1–1000), and when it was applied.
        share: fc.integer({ min: 1, max: 1000 }),
        memo: fc.integer({ min: 1, max: 99 }),
        // An instant in UTC, built as text (no Date: the arbitraries do not depend on the process zone).
        day: arbBusinessDate({ min: '2015-01-01' as BusinessDate, max: '2035-12-31' as BusinessDate }),
        second: fc.integer({ min: 0, max: 86_399 }),
      }),
      { maxLength: 3 },
    )
    .map((draws) => {
      let left = limit;
      const out: CreditApplication[] = [];
      for (const d of draws) {
        const amount = left.times(d.share).div(1000).toDecimalPlaces(currency.minorUnits, Dec.ROUND_DOWN);
        if (amount.lt(unit)) continue;
        left = left.minus(amount);
        out.push({
          invoiceNumber,
          creditMemoNumber: `CM${String(d.memo).padStart(8, '0')}`,
          amount,
          appliedAt: `${d.day}T${clockTime(d.second)}.000Z`,
        });
      }
      return out;
    });
}
