// Review findings (orders at the boundary): a Create Subscription's invoice owner was taken as given — one that
// did not exist left the subscription billed by no run (no invoice, no failure), one in another currency was
// invoiced in the subscription's (a JPY account's invoice in USD) —, an Owner Transfer of a subscription the
// same order created was not checked, and an order read its prices in its own account's currency whatever the
// subscription's (a KWD order stored 1200.555 on a USD subscription). Decision 17 and the money rules: an owner
// exists and bills in its subscriptions' currency; an amount is at its currency's scale.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { activateSavedOrder, saveNewOrder } from '../../../src/operations/contracts';
import {
  chargeInput,
  createSubscription,
  expectErr,
  expectOk,
  newBilling,
  type TestBilling,
} from '../../support/billing';
import { givenAccount } from '../../support/scenarios';

/** Saves and activates an order of `accountNumber`; the activation's answer. */
async function ordered(billing: TestBilling, number: string, actions: unknown[], accountNumber = 'A-001') {
  expectOk(await saveNewOrder(billing.context, { number, accountNumber, orderDate: '2023-01-01', actions }));
  return activateSavedOrder(billing.context, { orderNumber: number });
}

async function accounts(): Promise<TestBilling> {
  const billing = newBilling();
  await givenAccount(billing, 'A-001');
  await givenAccount(billing, 'A-002');
  await givenAccount(billing, 'A-JPY', { currency: 'JPY' });
  await givenAccount(billing, 'A-KWD', { currency: 'KWD' });
  return billing;
}

const S1 = (extra: Record<string, unknown> = {}) =>
  createSubscription('S1', [chargeInput({ number: 'C1', price: '1200.00' })], extra);

describe("a subscription's invoice owner and currency at activation", () => {
  it.each<[string, string, Record<string, unknown>]>([
    [
      'an invoice owner that does not exist → AccountNotFound',
      'AccountNotFound',
      { accountNumber: 'A-NOPE' },
    ],
    [
      'an invoice owner billing in JPY → SubscriptionCurrencyMismatch',
      'SubscriptionCurrencyMismatch',
      { subscriptionNumber: 'S1', currency: 'USD', expectedCurrency: 'JPY' },
    ],
  ])('Create Subscription with %s; nothing is saved', async (_, type, details) => {
    const billing = await accounts();
    const owner = type === 'AccountNotFound' ? 'A-NOPE' : 'A-JPY';
    expectOk(
      await saveNewOrder(billing.context, {
        number: 'O-1',
        accountNumber: 'A-001',
        orderDate: '2023-01-01',
        actions: [S1({ invoiceOwnerAccountNumber: owner })],
      }),
    );
    const before = billing.store.probe.snapshot();
    const error = expectErr(await activateSavedOrder(billing.context, { orderNumber: 'O-1' }));
    expect(error).toMatchObject({ type, ...details });
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it('Create Subscription with an invoice owner in the same currency: the owner is invoiced', async () => {
    const billing = await accounts();
    expectOk(await ordered(billing, 'O-1', [S1({ invoiceOwnerAccountNumber: 'A-002' })]));
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(run.invoiceNumbers.map((n) => billing.store.probe.invoice(n)?.accountNumber)).toEqual(['A-002']);
  });

  it('an Owner Transfer to a JPY account of a USD subscription the same order creates → SubscriptionCurrencyMismatch', async () => {
    const billing = await accounts();
    const error = expectErr(
      await ordered(billing, 'O-1', [
        S1(),
        { type: 'OwnerTransfer', subscriptionNumber: 'S1', newOwnerAccountNumber: 'A-JPY' },
      ]),
    );
    expect(error).toMatchObject({
      type: 'SubscriptionCurrencyMismatch',
      currency: 'USD',
      expectedCurrency: 'JPY',
    });
    expect(billing.store.probe.subscription('S1')).toBeNull();
  });

  it.each<[string, Record<string, unknown>]>([
    [
      'Update Product with a price',
      {
        type: 'UpdateProduct',
        subscriptionNumber: 'S1',
        chargeNumber: 'C1',
        effectiveDate: '2023-01-01',
        price: '1200.555',
      },
    ],
    [
      'Add Product',
      {
        type: 'AddProduct',
        subscriptionNumber: 'S1',
        ratePlan: {
          id: 'rp-2',
          name: 'Setup',
          charges: [
            {
              number: 'C2',
              name: 'Setup',
              type: 'OneTime',
              price: '0.005',
              startDate: '2023-01-01',
              endDate: '2023-12-31',
            },
          ],
        },
      },
    ],
  ])(
    '%s from a KWD account order on a USD subscription → SubscriptionCurrencyMismatch; nothing is saved',
    async (_, action) => {
      const billing = await accounts();
      expectOk(await ordered(billing, 'O-1', [S1()]));
      expectOk(
        await saveNewOrder(billing.context, {
          number: 'O-2',
          accountNumber: 'A-KWD',
          orderDate: '2023-01-01',
          actions: [action],
        }),
      );
      const before = billing.store.probe.snapshot();
      const error = expectErr(await activateSavedOrder(billing.context, { orderNumber: 'O-2' }));
      expect(error).toMatchObject({
        type: 'SubscriptionCurrencyMismatch',
        currency: 'USD',
        expectedCurrency: 'KWD',
      });
      expect(error.message).toContain("order O-2's amounts are read in its account's currency (KWD)");
      expect(billing.store.probe.snapshot()).toEqual(before);
    },
  );

  it('the messages name the action, the owner and what to do', async () => {
    const billing = await accounts();
    const created = expectErr(await ordered(billing, 'O-1', [S1({ invoiceOwnerAccountNumber: 'A-JPY' })]));
    expect(created.message).toBe(
      "actions[0]: the invoice owner A-JPY bills in JPY, but subscription S1 is created in the order's currency, USD: an account owns subscriptions of its own currency only (the library's rule: one currency per account). Name an invoice owner in USD, or place the order on an account in JPY.",
    );
    expectOk(await ordered(billing, 'O-2', [S1()]));
    const moved = expectErr(
      await ordered(billing, 'O-3', [
        { type: 'OwnerTransfer', subscriptionNumber: 'S1', newOwnerAccountNumber: 'A-JPY' },
      ]),
    );
    expect(moved.message).toBe(
      "actions[0]: the new owner A-JPY bills in JPY, but subscription S1 is in USD: an account owns subscriptions of its own currency only (the library's rule: one currency per account). Transfer it to an account in USD.",
    );
  });

  it('an Owner Transfer of a subscription that does not exist is UnknownSubscription, whatever the new owner’s currency', async () => {
    const billing = await accounts();
    for (const [number, owner] of [
      ['O-1', 'A-002'],
      ['O-2', 'A-JPY'],
    ] as const) {
      const error = expectErr(
        await ordered(billing, number, [
          { type: 'OwnerTransfer', subscriptionNumber: 'S-NOPE', newOwnerAccountNumber: owner },
        ]),
      );
      expect(error).toMatchObject({ type: 'UnknownSubscription', subscriptionNumber: 'S-NOPE' });
    }
  });

  it('an order of another account in the same currency still changes the subscription (Update Product with a price)', async () => {
    const billing = await accounts();
    expectOk(await ordered(billing, 'O-1', [S1()]));
    expectOk(
      await ordered(
        billing,
        'O-2',
        [
          {
            type: 'UpdateProduct',
            subscriptionNumber: 'S1',
            chargeNumber: 'C1',
            effectiveDate: '2023-01-01',
            price: '1300.00',
          },
        ],
        'A-002',
      ),
    );
    expect(billing.store.probe.subscription('S1')?.ratePlans[0]?.charges[0]?.price).toBe('1300.00');
  });
});
