// Rate plan ids unique within a subscription (found refactoring src/domain/order/handlers.ts). A Create
// Subscription could give two rate plans one id; a later Remove Product of that id then replaced both plans with
// copies of the first one after removal: the second plan's charges were lost and the first plan's charge numbers
// appeared twice. Now such an order is refused with `RatePlanAlreadyExists` naming the second plan's id, when it
// is saved and (for an order saved before this check) when it is activated, with nothing saved. Add Product of
// an id the subscription has was refused already; it stays refused.
import { describe, expect, it } from 'vitest';
import { activateOrder, createOrder, type Order } from '../../../src/domain/order/order';
import { activateSavedOrder, saveNewOrder } from '../../../src/operations/contracts';
import { chargeInput, createSubscription, expectErr, expectOk, newBilling } from '../../support/billing';
import { givenAccount, givenSubscriptions, seededBilling } from '../../support/scenarios';
import { ACCOUNT } from '../domain/fixtures';

const PLAN = { id: 'rp-S1', name: 'Plan S1', charges: [chargeInput({ number: 'C1', price: '1200.00' })] };
const SECOND = {
  id: 'rp-S1',
  name: 'Plan S1 again',
  charges: [chargeInput({ number: 'C2', price: '2400.00' })],
};

/** S1 with rate plans rp-S1 (C1 1,200/yr) and a second plan also called rp-S1 (C2 2,400/yr). */
const duplicatePlans = createSubscription('S1', [], { ratePlans: [PLAN, SECOND] });

const DUPLICATE = {
  type: 'RatePlanAlreadyExists',
  path: 'actions[0].ratePlans[1].id',
  subscriptionNumber: 'S1',
  ratePlanId: 'rp-S1',
};

describe('rate plan ids are unique within a subscription: RatePlanAlreadyExists, nothing saved', () => {
  it('saveNewOrder refuses a Create Subscription with two rate plans rp-S1 and saves no order', async () => {
    const billing = newBilling();
    await givenAccount(billing, 'A-001');
    const before = billing.store.probe.snapshot();
    const result = await saveNewOrder(billing.context, {
      number: 'O-0001',
      accountNumber: 'A-001',
      orderDate: '2023-01-01',
      actions: [duplicatePlans],
    });
    const error = expectErr(result);
    expect(error).toMatchObject(DUPLICATE);
    expect(error.message).toContain('actions[0].ratePlans[0]');
    expect(error.message).toContain('another id');
    expect(billing.store.probe.snapshot()).toEqual(before);
    expect(billing.store.probe.order('O-0001')).toBeNull();
  });

  it('activateSavedOrder refuses a draft saved with two rate plans rp-S1 and creates no subscription', async () => {
    // A draft saved before createOrder checked the ids: the same order with the second plan's id put back.
    const parsed = createOrder(
      {
        number: 'O-0001',
        orderDate: '2023-01-01',
        actions: [createSubscription('S1', [], { ratePlans: [PLAN, { ...SECOND, id: 'rp-2' }] })],
      },
      ACCOUNT,
    )._unsafeUnwrap();
    const action = parsed.actions[0] as Extract<Order['actions'][number], { type: 'CreateSubscription' }>;
    const draft: Order = {
      ...parsed,
      accountNumber: 'A-001',
      actions: [{ ...action, ratePlans: action.ratePlans.map((rp) => ({ ...rp, id: 'rp-S1' })) }],
    };
    expect(activateOrder(draft, [])._unsafeUnwrapErr()).toMatchObject(DUPLICATE);
    const billing = seededBilling({ accounts: [{ ...ACCOUNT, number: 'A-001' }], orders: [draft] });
    const before = billing.store.probe.snapshot();
    const error = expectErr(await activateSavedOrder(billing.context, { orderNumber: 'O-0001' }));
    expect(error).toMatchObject(DUPLICATE);
    expect(billing.store.probe.snapshot()).toEqual(before);
    expect(billing.store.probe.order('O-0001')?.status).toBe('Draft');
  });

  it('Add Product of rate plan rp-S1 to S1, which has it, is refused and changes nothing', async () => {
    const billing = await givenSubscriptions([
      {
        number: 'S1',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        charges: [{ number: 'C1', price: '1200.00' }],
      },
    ]);
    expectOk(
      await saveNewOrder(billing.context, {
        number: 'O-0002',
        accountNumber: 'A-001',
        orderDate: '2023-03-01',
        actions: [
          {
            type: 'AddProduct',
            subscriptionNumber: 'S1',
            ratePlan: {
              id: 'rp-S1',
              name: 'Plan S1 again',
              charges: [
                chargeInput({
                  number: 'C2',
                  price: '2400.00',
                  startDate: '2023-03-01',
                  endDate: '2023-12-31',
                }),
              ],
            },
          },
        ],
      }),
    );
    const before = billing.store.probe.snapshot();
    const error = expectErr(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    expect(error).toMatchObject({ ...DUPLICATE, path: 'actions[0].ratePlan.id' });
    expect(error.message).toContain('another id');
    expect(billing.store.probe.snapshot()).toEqual(before);
    expect(billing.store.probe.order('O-0002')?.status).toBe('Draft');
  });
});
