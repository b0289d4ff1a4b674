// The size limit of amounts applied to a charge's value: shared by the parsing of new charges (Create
// Subscription, Add Product) and the activation of the actions that change a stored charge's value: Update
// Product (its price or quantity), Terms and Conditions (a term end the charge follows) and Renew (the renewal
// segment), whose dates and price base only the stored subscription knows.
import type { Currency } from '../../money/currency';
import { Dec } from '../../money/decimal';
import { type InvalidAmount, invalidAmount } from '../../money/errors';
import type { RatePlanCharge } from '../contract/charge';
import { grossValue } from '../contract/charge-value';

/** The size limit of amounts (docs/concepts/money.md "Size": 30 digits before the decimal point). */
const MAX_VALUE = new Dec('1e30');

/**
 * `InvalidAmount` at `field` (the path of the price or quantity to lower) when `charge`'s value over its term
 * has more than 30 digits before the decimal point, which no amount may have (docs/concepts/money.md "Size"), so
 * no schedule or bill run could bill it; `null` when it is an amount. `change` says what gave the charge that
 * value in the message (Update Product: "with the new quantity"); empty for a new charge. `remedy` says what to
 * change instead.
 */
export function chargeValueTooLarge(
  charge: RatePlanCharge,
  currency: Currency,
  field: string,
  change = '',
  remedy = 'lower the price or quantity',
): InvalidAmount | null {
  // Only a product of 10^22 or more can reach 10^30 over a term (at most some 120,000 months on a 1-month base).
  if (charge.price.e + charge.quantity.e < 22) return null;
  const value = grossValue(charge, currency, 'halfUp');
  if (value.abs().lt(MAX_VALUE)) return null;
  const formula = `price × quantity${charge.type === 'OneTime' ? '' : ' × term months ÷ price base months'}`;
  return invalidAmount(
    value.toFixed(currency.minorUnits),
    `charge ${charge.number}'s value over its term${change} (${formula}) has more than 30 digits before the decimal point, which no amount may have; ${remedy}.`,
    field,
  );
}
