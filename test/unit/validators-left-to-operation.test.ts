import { describe, expect, it } from 'vitest';
import { createInvoiceSchedule } from '../../src/operations/create-invoice-schedule';
import { parseCreateInvoiceScheduleRequest } from '../../src/operations/validators';
import { C01_SUBSCRIPTIONS, expectErr, expectOk, newBilling, setUpOrder } from '../support/billing';

// docs/guides/http-service.md, "Validators": the relations between `orders` and `specificSubscriptions` are
// checked by the operation after it read the account and the orders (create-schedule.md, step 8), so a validator
// accepts them (review 204: the guide said only what needs the store was left to the operation).
const REQUESTS = [
  [
    'an entry naming an order not in orders',
    'SpecificSubscriptionOrderNotListed',
    [{ orderNumber: 'O-9999', subscriptionNumber: 'S1' }],
    '70200.00',
  ],
  [
    'a subscription of an order given two entries',
    'DuplicateSpecificSubscription',
    [
      { orderNumber: 'O-0001', subscriptionNumber: 'S1' },
      { orderNumber: 'O-0001', subscriptionNumber: 'S1', chargeNumbers: ['C1'] },
    ],
    '36900.00',
  ],
] as const;

describe('what parseCreateInvoiceScheduleRequest leaves to createInvoiceSchedule', () => {
  it.each(REQUESTS)(
    '%s: the validator accepts it, the operation answers %s',
    async (_, type, specific, amount) => {
      const request = {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        specificSubscriptions: specific,
        items: [{ runDate: '2023-02-04', amount }],
      };
      expectOk(parseCreateInvoiceScheduleRequest(request));
      const billing = newBilling();
      await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
      expect(expectErr(await createInvoiceSchedule(billing.context, request))).toMatchObject({ type });
    },
  );
});
