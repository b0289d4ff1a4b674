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
