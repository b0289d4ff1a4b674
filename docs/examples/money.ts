// Money and rounding: validated amounts, a lossless split, and the cumulative cascade of C01 (§7.3).
// Run: npx tsx docs/examples/money.ts
import { Decimal } from 'decimal.js';
import {
  add,
  allocate,
  CURRENCIES,
  cascadeLines,
  money,
  toDecimalString,
  toJSON,
} from 'invoice-schedules/money';

// Money values: frozen { amount, currency } objects; operations return Results and new values.
const price = money('36900.00', 'USD'); // Result<Money, MoneyError>
const doubled = price.andThen((p) => add(p, p)).map(toDecimalString);
console.log(doubled._unsafeUnwrap());
// 73800.00
console.log(JSON.stringify(toJSON(price._unsafeUnwrap())));
// {"amount":"36900.00","currency":"USD"}

// Amounts are decimal strings checked against the currency's minor units, never rounded silently.
for (const [amount, currency] of [
  ['50000.00', 'USD'],
  ['100.5', 'JPY'],
  ['1e5', 'USD'],
] as const) {
  money(amount, currency).match(
    (m) => console.log(`money('${amount}', '${currency}') = ${toDecimalString(m)}`),
    (e) => console.log(`money('${amount}', '${currency}') → ${e.type}: ${e.message}`),
  );
}

// allocate(): largest remainder, parts always sum to the whole (ties: the lower index gets the cent).
const thirds = allocate(money('100.00', 'USD')._unsafeUnwrap(), ['1', '1', '1'])._unsafeUnwrap();
console.log(thirds.map(toDecimalString).join(' / '));
// 33.34 / 33.33 / 33.33
const yen = allocate(money('100', 'JPY')._unsafeUnwrap(), ['1', '1', '1'])._unsafeUnwrap();
console.log(yen.map(toDecimalString).join(' / '));
// 34 / 33 / 33

// cascadeLines(): C01, charges 36,900 / 21,500 / 11,000 / 800 (one group of 70,200);
// items 50,000 / 14,000 / 6,200 bring the group's cumulative amount to 50,000 → 64,000 → 70,200.
// Naive rounding (each invoice's share of a charge rounded on its own) would give INV002's C1 line 7358.97.
// Each item is given what every charge was billed before it (`billed`, the sums of the earlier lines): the
// caps that keep lines within 0 and a charge's total make the cascade depend on the path.
const totals = ['36900.00', '21500.00', '11000.00', '800.00'].map((x) => new Decimal(x));
const cumulative = ['50000', '64000', '70200'].map((x) => new Decimal(x));
let billed = totals.map(() => new Decimal(0));
for (const [k, after] of cumulative.entries()) {
  const lines = cascadeLines({ totals, billed, after, currency: CURRENCIES['USD']! });
  billed = billed.map((b, j) => b.plus(lines[j]!));
  console.log(`INV00${k + 1}: ${lines.map((x: Decimal) => x.toFixed(2)).join(' / ')}`);
}
// INV001: 26282.05 / 15313.39 / 7834.76 / 569.80
// INV002: 7358.98 / 4287.75 / 2193.73 / 159.54
// INV003: 3258.97 / 1898.86 / 971.51 / 70.66
