// Contracts: the C01 account and order (four subscriptions, one annual charge each), activated, with each
// charge's value and the 70,200 total; then C26's discounts and C30's shortened charge.
// Run: npx tsx docs/examples/contracts.ts
import { tenantSettings } from 'invoice-schedules';
import {
  activateOrder,
  allCharges,
  chargeValue,
  chargeValueThrough,
  createAccount,
  createOrder,
  discountLinesFor,
  findCharge,
  isSchedulable,
  subscriptionValue,
} from 'invoice-schedules/core';
import { toDec } from 'invoice-schedules/money';
import { businessDate } from 'invoice-schedules/time';

// Tenant settings: validated at run time, defaults for what is left out.
const settings = tenantSettings({ timeZone: 'America/New_York' })._unsafeUnwrap();
console.log(
  `tenant: ${settings.timeZone}, rounding ${settings.rounding}, proration ${settings.prorationDays}`,
);

const account = createAccount({
  id: 'acc-1',
  number: 'A00000001',
  name: 'Acme Corp',
  currency: 'USD',
})._unsafeUnwrap();

// A plain JSON-like order, as a host would receive it: amounts as decimal strings, dates as YYYY-MM-DD.
// Recurring flat fees quoted per year ("Annual List Price"), billed annually, 2023-01-01 → 2023-12-31.
const annual = (number: string, name: string, price: string) => ({
  number,
  name,
  type: 'Recurring',
  price,
  listPriceBase: 'Year',
  billingPeriod: 'Annual',
});
const subscription = (
  subscriptionNumber: string,
  charge: ReturnType<typeof annual>,
  termStart = '2023-01-01',
  termEnd = '2023-12-31',
) => ({
  type: 'CreateSubscription',
  subscriptionNumber,
  termType: 'Termed',
  termStart,
  termEnd,
  ratePlans: [{ id: `RP-${subscriptionNumber}`, name: 'Platform', charges: [charge] }],
});

const input = {
  number: 'O-00000001',
  orderDate: '2023-01-01',
  actions: [
    subscription('S1', annual('C1', 'Platform fee', '36900.00')),
    subscription('S2', annual('C2', 'User licences', '21500.00')),
    subscription('S3', annual('C3', 'Support', '11000.00')),
    subscription('S4', annual('C4', 'Sandbox', '800.00')),
  ],
};

// Activation is pure: it returns the completed order and the new subscriptions; the host saves them.
const order = createOrder(input, account); // Result<Order, DomainError>
const activated = order.andThen((o) => activateOrder(o, [])); // Result<OrderActivation, DomainError>
const { order: completed, subscriptions } = activated._unsafeUnwrap();
console.log(`order ${completed.number}: ${completed.status}, ${subscriptions.length} subscriptions`);
// order O-00000001: Completed, 4 subscriptions

let total = toDec('0');
for (const sub of subscriptions) {
  isSchedulable(sub)._unsafeUnwrap(); // termed and active: an invoice schedule may cover it (§4.2 rule 1)
  for (const { charge, ratePlan } of allCharges(sub)) {
    console.log(
      `${sub.number} ${charge.number} ${charge.name}: ${chargeValue(charge, ratePlan, sub.currency).toFixed(2)}`,
    );
  }
  total = total.plus(subscriptionValue(sub));
}
console.log(`total: ${total.toFixed(2)}`);
// total: 70200.00

// Errors are values naming the offending path.
createOrder(
  { number: 'O-2', orderDate: '2023-01-01', actions: [subscription('S5', annual('C5', 'x', '10.005'))] },
  account,
).match(
  () => console.log('unexpected success'),
  (e) => console.log(`${e.type}: ${e.message}`),
);
// AmountTooPrecise: …

// C26: a 27,000 one-time charge with two 10 % discounts in its rate plan is worth 21,600 (discounts add).
const c26 = createOrder(
  {
    number: 'O-00000026',
    orderDate: '2024-01-01',
    actions: [
      {
        type: 'CreateSubscription',
        subscriptionNumber: 'S-00000001',
        termType: 'Termed',
        termStart: '2024-01-01',
        termEnd: '2024-12-31',
        ratePlans: [
          {
            id: 'RP-1',
            name: 'Software',
            charges: [
              { number: 'C-00000004', name: 'Software Implementation', type: 'OneTime', price: '27000.00' },
              {
                number: 'C-00000005',
                name: 'Percentage Discount 1',
                type: 'DiscountPercentage',
                discountPercentage: '10',
              },
              {
                number: 'C-00000006',
                name: 'Percentage Discount 2',
                type: 'DiscountPercentage',
                discountPercentage: '10',
              },
            ],
          },
        ],
      },
    ],
  },
  account,
)._unsafeUnwrap();
const [software] = activateOrder(c26, subscriptions)._unsafeUnwrap().subscriptions;
const implementation = findCharge(software!, 'C-00000004')!;
console.log(`C26 value: ${chargeValue(implementation.charge, implementation.ratePlan, 'USD').toFixed(2)}`);
// C26 value: 21600.00
const lines = discountLinesFor(implementation.charge, implementation.ratePlan, toDec('2700.00'), 'USD');
console.log(
  `C26 invoice: ${lines.gross.toFixed(2)} ${lines.discounts.map((d) => d.amount.toFixed(2)).join(' ')} = ${lines.net.toFixed(2)}`,
);
// C26 invoice: 2700.00 -270.00 -270.00 = 2160.00

// C30 (§8.1): a 15,000/yr charge removed as of 2025-06-01 keeps 2025-01-01 → 2025-05-31, worth 6,250.
const c30 = createOrder(
  {
    number: 'O-00000030',
    orderDate: '2025-01-01',
    actions: [subscription('S30', annual('C30', 'Platform fee', '15000.00'), '2025-01-01', '2025-12-31')],
  },
  account,
)._unsafeUnwrap();
const [platform] = activateOrder(c30, [])._unsafeUnwrap().subscriptions;
const fee = findCharge(platform!, 'C30')!;
const kept = chargeValueThrough(fee.charge, fee.ratePlan, businessDate(2025, 5, 31), 'USD');
console.log(`C30 value through 2025-05-31: ${kept.toFixed(2)}`);
// C30 value through 2025-05-31: 6250.00
