import { describe, expect, it } from 'vitest';
import { activateOrder, createOrder } from '../../../src/domain/order/order';
import {
  ACCOUNT,
  annualCharge,
  c01OrderInput,
  createSubscription,
  oneTimeCharge,
  orderInput,
} from './fixtures';

describe('activateOrder', () => {
  const order = createOrder(c01OrderInput(), ACCOUNT)._unsafeUnwrap();

  it('C01: completes the order and creates its four subscriptions (version 1, Active, USD)', () => {
    const { order: done, subscriptions } = activateOrder(order, [])._unsafeUnwrap();
    expect(done.status).toBe('Completed');
    expect(done.number).toBe(order.number);
    expect(subscriptions.map((s) => s.number)).toEqual(['S1', 'S2', 'S3', 'S4']);
    for (const s of subscriptions) {
      expect(s).toMatchObject({
        accountNumber: 'A00000001',
        currency: 'USD',
        termType: 'Termed',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        status: 'Active',
        invoiceSeparately: false,
        createdByOrder: 'O-00000001',
        version: 1,
      });
    }
    expect(subscriptions[0]!.ratePlans[0]!.charges[0]!.price.toFixed(2)).toBe('36900.00');
  });

  it('deep-freezes its outputs', () => {
    const { order: done, subscriptions } = activateOrder(order, [])._unsafeUnwrap();
    expect(Object.isFrozen(done)).toBe(true);
    expect(Object.isFrozen(subscriptions)).toBe(true);
    expect(Object.isFrozen(subscriptions[0]!.ratePlans[0]!.charges)).toBe(true);
  });

  it('leaves the order as it was (Draft)', () => {
    activateOrder(order, [])._unsafeUnwrap();
    expect(order.status).toBe('Draft');
  });

  it('returns only the new subscriptions, not the untouched current ones', () => {
    const first = activateOrder(order, [])._unsafeUnwrap().subscriptions;
    const second = createOrder(
      orderInput([createSubscription('S5', [annualCharge('C5', '100.00')])], { number: 'O-00000002' }),
      ACCOUNT,
    )._unsafeUnwrap();
    const { subscriptions } = activateOrder(second, first)._unsafeUnwrap();
    expect(subscriptions.map((s) => s.number)).toEqual(['S5']);
    expect(subscriptions[0]!.createdByOrder).toBe('O-00000002');
  });

  it('uses the invoice owner account when the action names one', () => {
    const o = createOrder(
      orderInput([
        createSubscription('S1', [oneTimeCharge('C1', '1.00')], '2023-01-01', '2023-12-31', {
          invoiceOwnerAccountNumber: 'A2',
        }),
      ]),
      ACCOUNT,
    )._unsafeUnwrap();
    expect(activateOrder(o, [])._unsafeUnwrap().subscriptions[0]!.accountNumber).toBe('A2');
  });

  it('activates a Pending order', () => {
    const pending = createOrder({ ...c01OrderInput(), status: 'Pending' }, ACCOUNT)._unsafeUnwrap();
    expect(activateOrder(pending, [])._unsafeUnwrap().order.status).toBe('Completed');
  });

  it('refuses an order that is already Completed (OrderAlreadyActivated)', () => {
    const { order: done } = activateOrder(order, [])._unsafeUnwrap();
    expect(activateOrder(done, [])._unsafeUnwrapErr()).toMatchObject({
      type: 'OrderAlreadyActivated',
      orderNumber: 'O-00000001',
    });
  });

  it('refuses a subscription number that already exists (SubscriptionAlreadyExists)', () => {
    const { subscriptions } = activateOrder(order, [])._unsafeUnwrap();
    const again = createOrder(
      orderInput([createSubscription('S3', [annualCharge('C9', '1.00')])], { number: 'O-00000002' }),
      ACCOUNT,
    )._unsafeUnwrap();
    expect(activateOrder(again, subscriptions)._unsafeUnwrapErr()).toMatchObject({
      type: 'SubscriptionAlreadyExists',
      subscriptionNumber: 'S3',
      path: 'actions[0].subscriptionNumber',
    });
  });

  it('refuses a charge number used by an existing subscription (ChargeAlreadyExists)', () => {
    const { subscriptions } = activateOrder(order, [])._unsafeUnwrap();
    const again = createOrder(
      orderInput([createSubscription('S9', [annualCharge('C9', '1.00'), annualCharge('C2', '1.00')])], {
        number: 'O-00000002',
      }),
      ACCOUNT,
    )._unsafeUnwrap();
    expect(activateOrder(again, subscriptions)._unsafeUnwrapErr()).toMatchObject({
      type: 'ChargeAlreadyExists',
      chargeNumber: 'C2',
      subscriptionNumber: 'S2',
      path: 'actions[0].ratePlans[0].charges[1].number',
    });
  });

  it('of several taken numbers, names the earliest subscription’s, first in the action (one pass since review 209)', () => {
    const { subscriptions } = activateOrder(order, [])._unsafeUnwrap();
    const again = createOrder(
      orderInput(
        [
          createSubscription('S9', [
            annualCharge('C3', '1.00'),
            annualCharge('C9', '1.00'),
            annualCharge('C1', '1.00'),
          ]),
        ],
        {
          number: 'O-00000002',
        },
      ),
      ACCOUNT,
    )._unsafeUnwrap();
    expect(activateOrder(again, subscriptions)._unsafeUnwrapErr()).toMatchObject({
      type: 'ChargeAlreadyExists',
      chargeNumber: 'C1',
      subscriptionNumber: 'S1',
      path: 'actions[0].ratePlans[0].charges[2].number',
    });
  });
});
