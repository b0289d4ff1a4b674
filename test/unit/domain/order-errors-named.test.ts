import { describe, expect, it } from 'vitest';
import { activateSavedOrder, saveNewOrder } from '../../../src/operations/contracts';
import { parseCreateOrderRequest } from '../../../src/operations/validators';
import { chargeInput, createSubscription, expectErr, expectOk, newBilling } from '../../support/billing';
import { givenAccount } from '../../support/scenarios';

// docs/errors/domain.md, ChargeFieldNotAllowed: at activation, an Update Product giving a discount charge a price or
// a quantity is refused at that field (review 208: the page said `actions[i]`; the code names the field).
it.each(['price', 'quantity'])(
  'an Update Product giving discount D1 a %s: ChargeFieldNotAllowed at actions[0].%s, nothing saved',
  async (field) => {
    const billing = newBilling();
    await givenAccount(billing, 'A-001');
    const discounted = createSubscription('S1', [
      chargeInput({ number: 'C1', price: '1200.00' }),
      chargeInput({ number: 'D1', type: 'DiscountPercentage', price: '0', discountPercentage: '10' }),
    ]);
    const orderDate = '2023-01-01';
    expectOk(
      await saveNewOrder(billing.context, {
        number: 'O-1',
        accountNumber: 'A-001',
        orderDate,
        actions: [discounted],
      }),
    );
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-1' }));
    const update = {
      type: 'UpdateProduct',
      subscriptionNumber: 'S1',
      chargeNumber: 'D1',
      effectiveDate: orderDate,
    };
    const given = { ...update, [field]: field === 'price' ? '1.00' : '2' };
    expectOk(
      await saveNewOrder(billing.context, {
        number: 'O-2',
        accountNumber: 'A-001',
        orderDate,
        actions: [given],
      }),
    );
    const before = billing.store.probe.snapshot();
    expect(expectErr(await activateSavedOrder(billing.context, { orderNumber: 'O-2' }))).toMatchObject({
      type: 'ChargeFieldNotAllowed',
      chargeNumber: 'D1',
      field,
      path: `actions[0].${field}`,
    });
    expect(billing.store.probe.snapshot()).toEqual(before);
  },
);

// docs/errors/domain.md: a field whose getter throws is refused at its path "instead of the call rejecting with what
// was thrown"; validators take `unknown` and never throw. Review 208: an action that is a class instance had its
// `type` read before it was found not to be a plain object, so a throwing getter rejected the call.
describe('an action that is a class instance whose `type` getter throws', () => {
  class Action {
    get type(): string {
      throw new Error('boom');
    }
    readonly subscriptionNumber = 'S1';
    readonly effectiveDate = '2023-01-01';
  }
  const request = () => ({
    number: 'O-1',
    accountNumber: 'A-001',
    orderDate: '2023-01-01',
    actions: [new Action()],
  });

  it('saveNewOrder answers InvalidInput at actions[0] ("a plain object"), nothing saved', async () => {
    const billing = newBilling();
    await givenAccount(billing, 'A-001');
    const before = billing.store.probe.snapshot();
    const error = expectErr(await saveNewOrder(billing.context, request() as never));
    expect(error).toMatchObject({ type: 'InvalidInput', path: 'actions[0]', expected: 'a plain object' });
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it('parseCreateOrderRequest answers the same, without throwing', () => {
    expect(expectErr(parseCreateOrderRequest(request(), 'USD'))).toMatchObject({
      type: 'InvalidInput',
      path: 'actions[0]',
    });
  });
});
