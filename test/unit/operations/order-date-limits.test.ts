// Orders whose removals, cancellations or renewals reach the ends of the supported years 0001–9999 (found in
// review). A removal on or before a charge's start ends it the day before its start; a cancellation on or before
// the term start ends the term the day before; a renewal starts the day after the term end. On a charge or a term
// starting 0001-01-01, or a term ending 9999-12-31, that day is outside the supported years: `addDays` threw a
// RangeError and `activateSavedOrder`'s promise was rejected, instead of resolving to a typed error. The same
// throw came from days worked out eagerly that the result never uses (the day before a charge start when the
// removal is later; the day before an effective date of 0001-01-01; 10000-01-01 on the way to a renewed term
// ending 9999-12-31), so orders whose result is a supported date threw too. Now: a refused order is an
// `InvalidInput` naming the field to fix and the limit, with nothing saved; the others activate.
import { describe, expect, it } from 'vitest';
import { activateSavedOrder } from '../../../src/operations/contracts';
import { expectErr, expectOk, type SubscriptionSpec, type TestBilling } from '../../support/billing';
import { givenSchedule, givenSubscriptions, saveOrder } from '../../support/scenarios';

/** Account A-001 with order O-0001 (activated) creating `subscription`. */
function given(subscription: SubscriptionSpec): Promise<TestBilling> {
  return givenSubscriptions([subscription]);
}

/** Saves order O-0002 with `actions`, activates it, and returns the result and the store as it was before. */
async function activate(billing: TestBilling, actions: readonly Record<string, unknown>[]) {
  await saveOrder(billing, { number: 'O-0002', orderDate: '2023-01-01', actions });
  const before = billing.store.probe.snapshot();
  const result = await activateSavedOrder(billing.context, { orderNumber: 'O-0002' });
  return { result, before };
}

const FIRST_YEAR: SubscriptionSpec = {
  number: 'S1',
  termStart: '0001-01-01',
  termEnd: '0001-12-31',
  charges: [{ number: 'C1', price: '1200.00' }],
};

const remove = (effectiveDate: string) => ({
  type: 'RemoveProduct',
  subscriptionNumber: 'S1',
  ratePlanId: 'rp-S1',
  effectiveDate,
});
const cancel = (effectiveDate: string) => ({
  type: 'CancelSubscription',
  subscriptionNumber: 'S1',
  effectiveDate,
});
const renew = (renewalTermMonths: number) => ({ type: 'Renew', subscriptionNumber: 'S1', renewalTermMonths });

describe('orders refused because a date they need is outside 0001–9999: a typed error, nothing saved', () => {
  it('Remove Product effective 0001-01-01 of a charge starting 0001-01-01 (it would end 0000-12-31)', async () => {
    const billing = await given(FIRST_YEAR);
    const { result, before } = await activate(billing, [remove('0001-01-01')]);
    const error = expectErr(result);
    expect(error).toMatchObject({
      type: 'InvalidInput',
      path: 'actions[0].effectiveDate',
      received: '"0001-01-01"',
    });
    expect(error.message).toContain('0001-01-01');
    expect(error.message).toContain('C1');
    expect(error.message).toContain('0001–9999');
    expect(billing.store.probe.snapshot()).toEqual(before);
    expect(billing.store.probe.order('O-0002')?.status).toBe('Draft');
  });

  it('Remove Product of a one-time charge starting 0001-01-01, whatever the date (credited back in full, it would end 0000-12-31)', async () => {
    const billing = await given({
      ...FIRST_YEAR,
      charges: [
        { number: 'C1', price: '1200.00' },
        { number: 'C2', type: 'OneTime', price: '100.00' },
      ],
    });
    const { result, before } = await activate(billing, [remove('0001-06-01')]);
    const error = expectErr(result);
    expect(error).toMatchObject({ type: 'InvalidInput', path: 'actions[0].ratePlanId', received: '"rp-S1"' });
    expect(error.message).toContain('one-time charge C2');
    expect(error.message).toContain('0001–9999');
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it('Cancel Subscription of a subscription with a one-time charge starting 0001-01-01, whatever the date', async () => {
    const billing = await given({
      ...FIRST_YEAR,
      charges: [
        { number: 'C1', price: '1200.00' },
        { number: 'C2', type: 'OneTime', price: '100.00' },
      ],
    });
    const { result, before } = await activate(billing, [cancel('0001-06-01')]);
    const error = expectErr(result);
    expect(error).toMatchObject({
      type: 'InvalidInput',
      path: 'actions[0].subscriptionNumber',
      received: '"S1"',
    });
    expect(error.message).toContain('RemoveProduct');
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it('Cancel Subscription effective 0001-01-01 of a term starting 0001-01-01 (the term would end 0000-12-31)', async () => {
    const billing = await given(FIRST_YEAR);
    const { result, before } = await activate(billing, [cancel('0001-01-01')]);
    const error = expectErr(result);
    expect(error).toMatchObject({
      type: 'InvalidInput',
      path: 'actions[0].effectiveDate',
      received: '"0001-01-01"',
    });
    expect(error.message).toContain('S1');
    expect(error.message).toContain('0001–9999');
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it('Cancel Subscription effective 0001-01-01 of an evergreen subscription starting 0001-01-01 (its charge would end 0000-12-31)', async () => {
    // Account A-001 (with S0); then S1, evergreen, its charge ending 0001-12-31.
    const fresh = await given({ ...FIRST_YEAR, number: 'S0', charges: [{ number: 'C0', price: '1.00' }] });
    await saveOrder(fresh, {
      number: 'O-0003',
      orderDate: '0001-01-01',
      actions: [
        {
          type: 'CreateSubscription',
          subscriptionNumber: 'S1',
          termType: 'Evergreen',
          termStart: '0001-01-01',
          ratePlans: [
            {
              id: 'rp-S1',
              name: 'Plan S1',
              charges: [
                {
                  number: 'C1',
                  name: 'C1',
                  type: 'Recurring',
                  price: '1200.00',
                  listPriceBase: 'Year',
                  billingPeriod: 'Annual',
                  endDate: '0001-12-31',
                },
              ],
            },
          ],
        },
      ],
    });
    expectOk(await activateSavedOrder(fresh.context, { orderNumber: 'O-0003' }));
    const { result, before } = await activate(fresh, [cancel('0001-01-01')]);
    expect(expectErr(result)).toMatchObject({ type: 'InvalidInput', path: 'actions[0].effectiveDate' });
    expect(fresh.store.probe.snapshot()).toEqual(before);
  });

  it('Renew of a term ending 9999-12-31 (the renewal would start 10000-01-01)', async () => {
    const billing = await given({ ...FIRST_YEAR, termStart: '9999-01-01', termEnd: '9999-12-31' });
    const { result, before } = await activate(billing, [renew(12)]);
    const error = expectErr(result);
    expect(error).toMatchObject({
      type: 'InvalidInput',
      path: 'actions[0].renewalTermMonths',
      received: 'number 12',
    });
    expect(error.message).toContain('9999-12-31');
    expect(error.message).toContain('TermsAndConditions');
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it('Renew past 9999-12-31: the error names the longest renewal that fits (6 months from 9999-07-01)', async () => {
    const billing = await given({ ...FIRST_YEAR, termStart: '9999-01-01', termEnd: '9999-06-30' });
    const { result, before } = await activate(billing, [renew(7)]);
    const error = expectErr(result);
    expect(error).toMatchObject({
      type: 'InvalidInput',
      path: 'actions[0].renewalTermMonths',
      expected: expect.stringContaining('at most 6 months'),
      received: 'number 7',
    });
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it('Renew past 9999-12-31 from a mid-month start: at most 5 months from 9999-07-15 (6 would end 10000-01-14)', async () => {
    const billing = await given({ ...FIRST_YEAR, termStart: '9999-01-15', termEnd: '9999-07-14' });
    const { result } = await activate(billing, [renew(6)]);
    expect(expectErr(result)).toMatchObject({ expected: expect.stringContaining('at most 5 months') });
  });

  it('the same refusal when an invoice schedule covers the subscription (the §8.9 check replays the actions first)', async () => {
    const billing = await given(FIRST_YEAR);
    await givenSchedule(billing, { items: [{ runDate: '0001-02-01', amount: '1200.00' }] });
    const { result, before } = await activate(billing, [cancel('0001-01-01')]);
    expect(expectErr(result)).toMatchObject({ type: 'InvalidInput', path: 'actions[0].effectiveDate' });
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it('a later action of the order is named by its own index', async () => {
    const billing = await given(FIRST_YEAR);
    const { result } = await activate(billing, [
      { type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd: '0001-12-31' },
      remove('0001-01-01'),
    ]);
    expect(expectErr(result)).toMatchObject({ path: 'actions[1].effectiveDate' });
  });
});

describe('orders whose results are supported dates activate (they threw on a day worked out but not used)', () => {
  it('Remove Product effective 0001-01-01 of a charge starting 2023-01-01: removed entirely, it ends 2022-12-31', async () => {
    const billing = await given({ ...FIRST_YEAR, termStart: '2023-01-01', termEnd: '2023-12-31' });
    const { result } = await activate(billing, [remove('0001-01-01')]);
    expectOk(result);
    const c1 = billing.store.probe.subscription('S1')?.ratePlans[0]?.charges[0];
    expect([c1?.startDate, c1?.endDate, c1?.removalEffectiveDate]).toEqual([
      '2023-01-01',
      '2022-12-31',
      '0001-01-01',
    ]);
  });

  it('Remove Product effective 0001-06-01 of a charge starting 0001-01-01: it ends 0001-05-31, removed from 0001-06-01', async () => {
    const billing = await given(FIRST_YEAR);
    const { result } = await activate(billing, [remove('0001-06-01')]);
    expectOk(result);
    const c1 = billing.store.probe.subscription('S1')?.ratePlans[0]?.charges[0];
    expect([c1?.startDate, c1?.endDate, c1?.removalEffectiveDate]).toEqual([
      '0001-01-01',
      '0001-05-31',
      '0001-06-01',
    ]);
  });

  it('Cancel Subscription effective 0001-06-01 of a term starting 0001-01-01: the term and the charge end 0001-05-31', async () => {
    const billing = await given(FIRST_YEAR);
    const { result } = await activate(billing, [cancel('0001-06-01')]);
    expectOk(result);
    const s1 = billing.store.probe.subscription('S1');
    expect([s1?.status, s1?.termEnd, s1?.ratePlans[0]?.charges[0]?.endDate]).toEqual([
      'Cancelled',
      '0001-05-31',
      '0001-05-31',
    ]);
  });

  it('Cancel Subscription effective 0001-01-01 of a term starting 2023-01-01: the term ends 2022-12-31', async () => {
    const billing = await given({ ...FIRST_YEAR, termStart: '2023-01-01', termEnd: '2023-12-31' });
    const { result } = await activate(billing, [cancel('0001-01-01')]);
    expectOk(result);
    const s1 = billing.store.probe.subscription('S1');
    expect([s1?.status, s1?.termEnd, s1?.ratePlans[0]?.charges[0]?.endDate]).toEqual([
      'Cancelled',
      '2022-12-31',
      '2022-12-31',
    ]);
  });

  it('Renew by 6 months of a term ending 9999-06-30: the new term and the segment C1-R1 end 9999-12-31', async () => {
    const billing = await given({ ...FIRST_YEAR, termStart: '9999-01-01', termEnd: '9999-06-30' });
    const { result } = await activate(billing, [renew(6)]);
    expectOk(result);
    const s1 = billing.store.probe.subscription('S1');
    expect(s1?.termEnd).toBe('9999-12-31');
    expect(s1?.ratePlans[0]?.charges.map((c) => [c.number, c.startDate, c.endDate])).toEqual([
      ['C1', '9999-01-01', '9999-06-30'],
      ['C1-R1', '9999-07-01', '9999-12-31'],
    ]);
  });
});
