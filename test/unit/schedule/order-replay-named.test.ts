// The schedules' check of an order (§8.5, §8.7, §8.8, §8.9) replays it on the subscriptions its actions name — what
// activation applies it to — laid over the touched schedules' other subscriptions. Replayed on all of them, an action
// reusing a charge number of a subscription the order does not name (allowed: errors/domain.md ChargeAlreadyExists)
// stopped the replay, and the later actions were not judged: a T&C extending a scheduled charge was activated
// (70,200.00 → 107,100.00), an Owner Transfer the removals before it allowed was refused, and a mid-charge Update
// Product got the schedules' error instead of activation's (review 156).
import type { Result } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { activateSavedOrder, saveNewAccount, saveNewOrder } from '../../../src/operations/contracts';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import {
  amounts,
  chargeInput,
  createSubscription,
  expectErr,
  expectOk,
  type TestBilling,
} from '../../support/billing';
import { billAndPost, C01_ITEMS, givenC01Schedule } from '../../support/scenarios';

async function refused<T, E>(billing: TestBilling, run: () => PromiseLike<Result<T, E>>): Promise<E> {
  const before = billing.store.probe.snapshot();
  const was = amounts(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')));
  const result = await run();
  if (result.isOk()) {
    const s = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    const subs = (
      result._unsafeUnwrap() as {
        subscriptions: {
          number: string;
          termEnd: string;
          ratePlans: { charges: { number: string; endDate: string }[] }[];
        }[];
      }
    ).subscriptions;
    expect.fail(
      `expected a refusal, got Ok; schedule ${JSON.stringify(was)} -> ${JSON.stringify(amounts(s))}; saved ${JSON.stringify(subs.map((x) => [x.number, x.termEnd, x.ratePlans.flatMap((r) => r.charges.map((c) => `${c.number}..${c.endDate}`))]))}`,
    );
  }
  const error = expectErr(result);
  expect(billing.store.probe.snapshot()).toEqual(before);
  return error;
}

/** C01 with its first `items` items billed and their invoices posted. */
async function c01(items: number): Promise<TestBilling> {
  const { billing } = await givenC01Schedule();
  await billAndPost(
    billing,
    C01_ITEMS.slice(0, items).map((i) => i.runDate),
  );
  return billing;
}

async function order(billing: TestBilling, number: string, actions: readonly Record<string, unknown>[]) {
  expectOk(
    await saveNewOrder(billing.context, { number, accountNumber: 'A-001', orderDate: '2023-03-01', actions }),
  );
}

const addReusing = (sub: string, charge: string) => ({
  type: 'AddProduct',
  subscriptionNumber: sub,
  ratePlan: {
    id: `rp-${sub}-extra`,
    name: 'extra',
    charges: [
      chargeInput({ number: charge, price: '10.00', startDate: '2023-01-01', endDate: '2023-12-31' }),
    ],
  },
});
const extendS1 = { type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd: '2024-12-31' };

describe("the schedules' check replays the order as activation does (review 156)", () => {
  it('control: T&C extending scheduled C1 alone is refused (§8.7)', async () => {
    const billing = await c01(1);
    await order(billing, 'O-0002', [extendS1]);
    const error = await refused(billing, () =>
      activateSavedOrder(billing.context, { orderNumber: 'O-0002' }),
    );
    expect(error).toMatchObject({
      type: 'OrderActionNotSupported',
      reason: 'TermsExtendScheduledRecurringCharge',
    });
  });

  it.each([
    ['PartiallyProcessed', 1],
    ['Pending', 0],
  ] as const)(
    'Add Product reusing S2 charge number C2, then T&C extending scheduled C1 on a %s schedule → refused (§8.7, §8.9)',
    async (_s, items) => {
      const billing = await c01(items);
      await order(billing, 'O-0002', [addReusing('S1', 'C2'), extendS1]);
      const error = await refused(billing, () =>
        activateSavedOrder(billing.context, { orderNumber: 'O-0002' }),
      );
      expect(error).toMatchObject({
        type: 'OrderActionNotSupported',
        actionIndex: 1,
        reason: 'TermsExtendScheduledRecurringCharge',
      });
    },
  );

  it('Create Subscription with a charge numbered as S3’s C3, then T&C extending scheduled C1 → refused (§8.7)', async () => {
    const billing = await c01(1);
    await order(billing, 'O-0002', [
      createSubscription('S9', [chargeInput({ number: 'C3', price: '10.00' })]),
      extendS1,
    ]);
    const error = await refused(billing, () =>
      activateSavedOrder(billing.context, { orderNumber: 'O-0002' }),
    );
    expect(error).toMatchObject({
      type: 'OrderActionNotSupported',
      actionIndex: 1,
      reason: 'TermsExtendScheduledRecurringCharge',
    });
  });

  it('Add Product reusing C2, then an Update Product of C1 from mid-charge → activation’s UpdateProductNotFromChargeStart (order-actions.md table)', async () => {
    const billing = await c01(1);
    await order(billing, 'O-0002', [
      addReusing('S1', 'C2'),
      {
        type: 'UpdateProduct',
        subscriptionNumber: 'S1',
        chargeNumber: 'C1',
        effectiveDate: '2023-06-01',
        price: '1.00',
      },
    ]);
    const error = await refused(billing, () =>
      activateSavedOrder(billing.context, { orderNumber: 'O-0002' }),
    );
    expect(error).toMatchObject({ type: 'UpdateProductNotFromChargeStart' });
  });

  it('control: removals that leave every charge fully billed let S1 move alone (§8.8, review 112)', async () => {
    const billing = await c01(2);
    expectOk(
      await saveNewAccount(billing.context, { id: 'acc-A-002', number: 'A-002', name: 'B', currency: 'USD' }),
    );
    await order(
      billing,
      'O-0002',
      ['S2', 'S3', 'S4'].map((n) => ({
        type: 'RemoveProduct',
        subscriptionNumber: n,
        ratePlanId: `rp-${n}`,
        effectiveDate: '2023-10-01',
      })),
    );
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    await order(billing, 'O-0003', [
      { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'rp-S1', effectiveDate: '2023-10-01' },
      { type: 'OwnerTransfer', subscriptionNumber: 'S1', newOwnerAccountNumber: 'A-002' },
    ]);
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0003' }));
  });

  it('same with an Add Product reusing C2 first: still allowed (§8.8, order-actions.md "Each action in context")', async () => {
    const billing = await c01(2);
    expectOk(
      await saveNewAccount(billing.context, { id: 'acc-A-002', number: 'A-002', name: 'B', currency: 'USD' }),
    );
    await order(
      billing,
      'O-0002',
      ['S2', 'S3', 'S4'].map((n) => ({
        type: 'RemoveProduct',
        subscriptionNumber: n,
        ratePlanId: `rp-${n}`,
        effectiveDate: '2023-10-01',
      })),
    );
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    await order(billing, 'O-0003', [
      addReusing('S1', 'C2'),
      { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'rp-S1', effectiveDate: '2023-10-01' },
      { type: 'OwnerTransfer', subscriptionNumber: 'S1', newOwnerAccountNumber: 'A-002' },
    ]);
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0003' }));
  });
});
