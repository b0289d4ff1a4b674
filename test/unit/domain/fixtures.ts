// Shared builders for the domain tests: plain JSON-like order input as a host would send it.
import { createAccount } from '../../../src/domain/contract/account';
import type { RatePlan, RatePlanCharge } from '../../../src/domain/contract/charge';
import type { Subscription } from '../../../src/domain/contract/subscription';
import { Dec } from '../../../src/money/decimal';
import { businessDate } from '../../../src/time/date';

export const ACCOUNT = createAccount({
  id: 'acc-1',
  number: 'A00000001',
  name: 'Acme',
  currency: 'USD',
})._unsafeUnwrap();
export const JPY_ACCOUNT = createAccount({
  id: 'acc-2',
  number: 'A00000002',
  name: 'Kaisha',
  currency: 'JPY',
})._unsafeUnwrap();

/** A recurring flat fee quoted per year, billed annually (the reference's common setup). */
export function annualCharge(number: string, price: string, extra: Record<string, unknown> = {}) {
  return {
    number,
    name: `Charge ${number}`,
    type: 'Recurring',
    price,
    listPriceBase: 'Year',
    billingPeriod: 'Annual',
    ...extra,
  };
}

/** A one-time charge. */
export function oneTimeCharge(number: string, price: string, extra: Record<string, unknown> = {}) {
  return { number, name: `Charge ${number}`, type: 'OneTime', price, ...extra };
}

/** A percentage discount charge. */
export function discountCharge(
  number: string,
  discountPercentage: string,
  extra: Record<string, unknown> = {},
) {
  return { number, name: `Discount ${number}`, type: 'DiscountPercentage', discountPercentage, ...extra };
}

/** A Create Subscription action with one rate plan over a term. */
export function createSubscription(
  subscriptionNumber: string,
  charges: readonly unknown[],
  termStart = '2023-01-01',
  termEnd: string | null = '2023-12-31',
  extra: Record<string, unknown> = {},
) {
  return {
    type: 'CreateSubscription',
    subscriptionNumber,
    termType: termEnd === null ? 'Evergreen' : 'Termed',
    termStart,
    ...(termEnd === null ? {} : { termEnd }),
    ratePlans: [{ id: `RP-${subscriptionNumber}`, name: 'Plan', charges }],
    ...extra,
  };
}

/** An order input with the given actions. */
export function orderInput(actions: readonly unknown[], extra: Record<string, unknown> = {}) {
  return { number: 'O-00000001', orderDate: '2023-01-01', actions, ...extra };
}

/** C01: four subscriptions, one 12-month annual charge each, 2023-01-01 → 2023-12-31, total 70,200. */
export function c01OrderInput() {
  return orderInput([
    createSubscription('S1', [annualCharge('C1', '36900.00')]),
    createSubscription('S2', [annualCharge('C2', '21500.00')]),
    createSubscription('S3', [annualCharge('C3', '11000.00')]),
    createSubscription('S4', [annualCharge('C4', '800.00')]),
  ]);
}

/** A charge value built directly (bypassing order parsing), for value and property tests. */
export function charge(
  partial: Partial<RatePlanCharge> & Pick<RatePlanCharge, 'number' | 'type'>,
): RatePlanCharge {
  const recurring = partial.type === 'Recurring';
  return {
    name: partial.number,
    price: new Dec(0),
    quantity: new Dec(1),
    listPriceBase: recurring ? 'Year' : null,
    billingPeriod: recurring ? 'Annual' : null,
    specificBillingPeriodMonths: null,
    discountPercentage: null,
    startDate: businessDate(2023, 1, 1),
    endDate: businessDate(2023, 12, 31),
    ...partial,
  };
}

/** A rate plan around the given charges. */
export function plan(...charges: RatePlanCharge[]): RatePlan {
  return { id: 'RP-1', name: 'Plan', charges };
}

/** S1 of A-001 (USD, from 2023-01-01 to `termEnd`, 2023-12-31 unless told) around one charge, as standard billing reads it. */
export function subscriptionOf(c: RatePlanCharge, termEnd = businessDate(2023, 12, 31)): Subscription {
  return {
    number: 'S1',
    accountNumber: 'A-001',
    currency: 'USD',
    termType: 'Termed',
    termStart: businessDate(2023, 1, 1),
    termEnd,
    status: 'Active',
    invoiceSeparately: false,
    ratePlans: [plan(c)],
    createdByOrder: 'O-0001',
    version: 1,
  };
}
