import { err, ok, type Result } from 'neverthrow';
import { getCurrency } from '../../money/currency';
import { type DomainError, invalidInput, readObject, readString } from '../errors';
import { checkInputSize } from '../input';

/**
 * A customer account: the owner of subscriptions and invoice schedules, and the currency its orders are priced
 * in (§2.1 `accountId`, §4.2 rule 6).
 * @category Domain model
 * @since 0.1.0
 */
export interface Account {
  /** Stable identifier chosen by the host (e.g. a UUID). */
  readonly id: string;
  /** Human account number, e.g. `A00000001`; orders and subscriptions refer to the account by it. */
  readonly number: string;
  readonly name: string;
  /** ISO 4217 code from our currency table, e.g. `USD`. */
  readonly currency: string;
}

const ACCOUNT_KEYS = ['id', 'number', 'name', 'currency'] as const;

/**
 * Validates an account from untrusted JSON-like input: `id`, `number`, `name` are non-blank strings, `currency`
 * an exact upper-case ISO 4217 code known to our table (`UnknownCurrency` otherwise). Unknown keys are rejected,
 * and so is input beyond `INPUT_LIMITS`.
 * @since 0.1.0
 */
export function createAccount(input: unknown): Result<Account, DomainError> {
  const sized = checkInputSize(input);
  if (sized.isErr()) return err(sized.error);
  const record = readObject(input, '', ACCOUNT_KEYS);
  if (record.isErr()) return err(record.error);
  const r = record.value;
  const id = readString(r.id, 'id');
  if (id.isErr()) return err(id.error);
  const number = readString(r.number, 'number');
  if (number.isErr()) return err(number.error);
  const name = readString(r.name, 'name');
  if (name.isErr()) return err(name.error);
  if (typeof r.currency !== 'string') {
    return err(invalidInput('currency', 'an ISO 4217 currency code such as "USD"', r.currency));
  }
  const currency = getCurrency(r.currency);
  if (currency.isErr()) return err(currency.error);
  return ok(
    Object.freeze({ id: id.value, number: number.value, name: name.value, currency: currency.value.code }),
  );
}
