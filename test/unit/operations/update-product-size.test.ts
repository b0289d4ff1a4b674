// The size limit of amounts (docs/concepts/money.md "Size": 30 digits before the decimal point) holds for a
// charge's value after an Update Product too. saveNewOrder refused a new charge worth 10^30 or more over its term
// (InvalidAmount), but an Update Product's new price or quantity was taken as it was: the charge was then worth
// more than any amount, and no schedule or bill run could bill it. Now activateSavedOrder refuses such an order
// with InvalidAmount at the action's field, and saves nothing: the order stays Draft, S1 keeps its price.
import { describe, expect, it } from 'vitest';
import { activateSavedOrder, saveNewOrder } from '../../../src/operations/contracts';
import { expectErr, expectOk } from '../../support/billing';
import { givenSubscriptions } from '../../support/scenarios';

describe('Update Product within the size of amounts: InvalidAmount, nothing saved', () => {
  it.each([
    ['quantity', { quantity: '10000000000000000000000000' }, '1200000000000000000000000000000.00'],
    ['price', { price: '100000000000000000000000000000' }, '1000000000000000000000000000000.00'],
  ])(
    'an Update Product of C1 (12,000.00/yr over 2023–2032) whose new %s makes it worth 10^30 or more is refused at activation (InvalidAmount at that field); nothing is saved',
    async (field, change, value) => {
      // Ten years: a 30-digit price (an amount) makes the charge worth 31 digits.
      const billing = await givenSubscriptions([
        {
          number: 'S1',
          termStart: '2023-01-01',
          termEnd: '2032-12-31',
          charges: [{ number: 'C1', price: '12000.00' }],
        },
      ]);
      expectOk(
        await saveNewOrder(billing.context, {
          number: 'O-0002',
          accountNumber: 'A-001',
          orderDate: '2023-03-01',
          actions: [
            {
              type: 'UpdateProduct',
              subscriptionNumber: 'S1',
              chargeNumber: 'C1',
              effectiveDate: '2023-01-01',
              ...change,
            },
          ],
        }),
      );
      const before = billing.store.probe.snapshot();
      const error = expectErr(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
      expect(error).toMatchObject({ type: 'InvalidAmount', field: `actions[0].${field}`, input: value });
      expect(error.message).toContain('charge C1');
      expect(error.message).toContain('lower the price or quantity');
      expect(billing.store.probe.snapshot()).toEqual(before);
      expect(billing.store.probe.order('O-0002')?.status).toBe('Draft');
      const c1 = billing.store.probe.subscription('S1')?.ratePlans[0]?.charges[0];
      expect([c1?.price, c1?.quantity]).toEqual(['12000.00', '1']);
    },
  );
});

// A term change raises the value of the charges that follow the term end (Terms and Conditions) or continue it
// (Renew's new segment): the same limit holds. Before, a 10^28/yr charge extended by two centuries, or renewed
// for a hundred years, was saved worth 10^30 or more, and no schedule or bill run could bill it.
/** S1/C1 at `price` a year over 2023, and order O-0002 of `actions` saved (Draft) on it. */
async function termOrderOn(price: string, actions: readonly unknown[]) {
  const billing = await givenSubscriptions([
    { number: 'S1', termStart: '2023-01-01', termEnd: '2023-12-31', charges: [{ number: 'C1', price }] },
  ]);
  expectOk(
    await saveNewOrder(billing.context, {
      number: 'O-0002',
      accountNumber: 'A-001',
      orderDate: '2023-03-01',
      actions: actions as never,
    }),
  );
  return billing;
}

describe('term changes within the size of amounts: InvalidAmount, nothing saved', () => {
  const HUGE_YEARLY = '10000000000000000000000000000'; // 10^28 a year: an amount, worth 10^28 over 2023
  it.each([
    [
      'a Terms and Conditions extending the term to 2222-12-31',
      { type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd: '2222-12-31' },
      'actions[0].termEnd',
      '2000000000000000000000000000000.00',
      'shorten the term or lower the price or quantity',
    ],
    [
      'a Renew for 1,200 months',
      { type: 'Renew', subscriptionNumber: 'S1', renewalTermMonths: 1200 },
      'actions[0].renewalTermMonths',
      '1000000000000000000000000000000.00',
      'renew for fewer months or lower the price or quantity',
    ],
  ])(
    '%s makes C1 worth 10^30 or more: refused at activation (InvalidAmount at the changed field); nothing is saved',
    async (_, action, field, value, remedy) => {
      const billing = await termOrderOn(HUGE_YEARLY, [action]);
      const before = billing.store.probe.snapshot();
      const error = expectErr(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
      expect(error).toMatchObject({ type: 'InvalidAmount', field, input: value });
      expect(error.message).toContain('charge C1');
      expect(error.message).toContain(remedy);
      expect(billing.store.probe.snapshot()).toEqual(before);
      expect(billing.store.probe.order('O-0002')?.status).toBe('Draft');
    },
  );

  it('a term change that keeps the charge an amount is activated (2222-12-31 at a tenth of the price)', async () => {
    const billing = await termOrderOn('1000000000000000000000000000', [
      { type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd: '2222-12-31' },
      { type: 'Renew', subscriptionNumber: 'S1', renewalTermMonths: 120 },
    ]);
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    expect(billing.store.probe.subscription('S1')?.termEnd).toBe('2232-12-31');
  });
});
