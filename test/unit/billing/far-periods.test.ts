// Charges whose billing periods reach the end of the supported years (found in a review): a term ending
// 9999-12-31 (a host's "never"), and a charge billed every 100,000 months. Both are accepted orders; standard
// billing worked out every billing period of the charge whatever the target date, and the period after the
// last one (or the day after 9999-12-31) was outside the supported years: `addMonths` threw a RangeError, and
// every bill run, preview and generation of the tenant threw with it, other accounts unbilled.
import { describe, expect, it } from 'vitest';
import { billingPeriods, proratedMonths } from '../../../src/domain/billing/standard';
import { runBillRun } from '../../../src/operations/bill-run';
import { activateSavedOrder, saveNewAccount, saveNewOrder } from '../../../src/operations/contracts';
import { previewBillRun } from '../../../src/operations/preview';
import { monthsBetween, parseBusinessDate } from '../../../src/time/date';
import { createSubscription, newBilling, setUpOrder, type TestBilling } from '../../support/billing';

const d = (text: string) => parseBusinessDate(text)._unsafeUnwrap();

/** A second account with an annual charge of 1,200.00 (2023), to show the others still bill. */
async function withFarCharge(charge: Record<string, unknown>, termEnd: string): Promise<TestBilling> {
  const billing = newBilling();
  await setUpOrder(billing, {
    accountNumber: 'A-002',
    orderNumber: 'O-0002',
    subscriptions: [
      {
        number: 'S-2',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        charges: [{ number: 'C1', price: '1200.00' }],
      },
    ],
  });
  (
    await saveNewAccount(billing.context, { id: 'acc-far', number: 'A-001', name: 'Far', currency: 'USD' })
  )._unsafeUnwrap();
  (
    await saveNewOrder(billing.context, {
      number: 'O-0001',
      accountNumber: 'A-001',
      orderDate: '2023-01-01',
      actions: [
        createSubscription('S-1', [{ number: 'C1', name: 'Far', type: 'Recurring', ...charge }], { termEnd }),
      ],
    })
  )._unsafeUnwrap();
  (await activateSavedOrder(billing.context, { orderNumber: 'O-0001' }))._unsafeUnwrap();
  return billing;
}

describe('charges whose periods reach 9999-12-31', () => {
  it('a monthly charge with a term ending 9999-12-31 bills its periods up to the target date; the other account bills too', async () => {
    const billing = await withFarCharge(
      { price: '100.00', listPriceBase: 'BillingPeriod', billingPeriod: 'Month' },
      '9999-12-31',
    );
    const preview = (await previewBillRun(billing.context, { targetDate: '2023-03-01' }))._unsafeUnwrap();
    expect(preview.invoices.map((i) => [i.accountNumber, i.amount.toFixed(2)])).toEqual([
      ['A-001', '300.00'],
      ['A-002', '1200.00'],
    ]);
    const run = (await runBillRun(billing.context, { targetDate: '2023-03-01' }))._unsafeUnwrap();
    expect(run.status).toBe('Completed');
    const invoices = billing.store.probe.snapshot().invoices;
    expect(invoices.map((i) => [i.accountNumber, i.amount])).toEqual([
      ['A-001', '300.00'],
      ['A-002', '1200.00'],
    ]);
    expect(invoices[0]?.lines.map((l) => [l.serviceStartDate, l.serviceEndDate, l.amount])).toEqual([
      ['2023-01-01', '2023-01-31', '100.00'],
      ['2023-02-01', '2023-02-28', '100.00'],
      ['2023-03-01', '2023-03-31', '100.00'],
    ]);
  });

  it('a charge billed every 100,000 months has one billing period, its whole term', async () => {
    const billing = await withFarCharge(
      {
        price: '1200.00',
        listPriceBase: 'Year',
        billingPeriod: 'SpecificMonths',
        specificBillingPeriodMonths: 100_000,
      },
      '2023-12-31',
    );
    const run = (await runBillRun(billing.context, { targetDate: '2023-03-01' }))._unsafeUnwrap();
    expect(run.status).toBe('Completed');
    const invoices = billing.store.probe.snapshot().invoices;
    expect(invoices.map((i) => [i.accountNumber, i.amount])).toEqual([
      ['A-001', '1200.00'],
      ['A-002', '1200.00'],
    ]);
    expect(invoices[0]?.lines.map((l) => [l.serviceStartDate, l.serviceEndDate])).toEqual([
      ['2023-01-01', '2023-12-31'],
    ]);
  });

  it('billingPeriods stops at `through`, and a period past the supported years ends with its charge', () => {
    const billing = { startDate: d('9999-10-15'), endDate: d('9999-12-31') };
    const monthly = {
      ...billing,
      type: 'Recurring',
      billingPeriod: 'Month',
      specificBillingPeriodMonths: null,
    } as never;
    expect(billingPeriods(monthly)).toEqual([
      { start: '9999-10-15', end: '9999-11-14' },
      { start: '9999-11-15', end: '9999-12-14' },
      { start: '9999-12-15', end: '9999-12-31' },
    ]);
    expect(billingPeriods(monthly, d('9999-11-15'))).toHaveLength(2);
  });

  it('the months of a period ending 9999-12-31 are measured (monthsBetween, proratedMonths)', () => {
    expect(monthsBetween(d('9999-01-01'), d('9999-12-31'))).toEqual({ num: 12n, den: 1n });
    expect(monthsBetween(d('9999-12-15'), d('9999-12-31'))).toEqual({ num: 17n, den: 31n });
    expect(proratedMonths(d('9999-12-15'), d('9999-12-31'), 'actual')).toEqual({ num: 17n, den: 31n });
    expect(proratedMonths(d('9999-12-15'), d('9999-12-31'), 'thirty')).toEqual({ num: 17n, den: 30n });
    expect(proratedMonths(d('2023-01-02'), d('2023-01-01'), 'actual')).toEqual({ num: 0n, den: 1n });
  });
});
