import { err, ok, type Result } from 'neverthrow';
import { ROUNDING_MODES, type RoundingMode } from '../money/rounding';
import { isValidTimeZone } from '../time/clock';
import type { ProrationDays } from '../time/service-period';
import { isPlainObject } from './decode';
import { describeReceived, type InvalidTenantSettings } from './errors';
import { readRequest } from './input';

/**
 * The settings of one tenant (decisions.md, "Tenant settings"): one object passed into every operation,
 * never global state.
 * @category Settings
 * @since 0.1.0
 */
export interface TenantSettings {
  /** IANA zone in which every business date (run date, target date, "today") is read. */
  readonly timeZone: string;
  /** Day count for the fraction of a month in service periods: actual days or 30 (§7.4, C39). */
  readonly prorationDays: ProrationDays;
  /** Consumption order of a schedule's charges: by term (`term`, C07) or by start date (`startDate`, C04) (§7.2). */
  readonly chargeGrouping: 'term' | 'startDate';
  /** Rounding applied where an amount becomes a document line. */
  readonly rounding: RoundingMode;
  /** Whether invoices produced from schedule items are posted at once instead of staying Draft. */
  readonly autoPost: boolean;
}

/**
 * The defaults of the tenant settings table: UTC, actual days, grouping by term, half-up, drafts.
 * @category Settings
 * @since 0.1.0
 */
export const DEFAULT_TENANT_SETTINGS: TenantSettings = Object.freeze({
  timeZone: 'UTC',
  prorationDays: 'actual',
  chargeGrouping: 'term',
  rounding: 'halfUp',
  autoPost: false,
});

const PRORATION_DAYS: readonly ProrationDays[] = ['actual', 'thirty'];
const CHARGE_GROUPINGS: readonly TenantSettings['chargeGrouping'][] = ['term', 'startDate'];
const KEYS: readonly (keyof TenantSettings)[] = [
  'timeZone',
  'prorationDays',
  'chargeGrouping',
  'rounding',
  'autoPost',
];

function invalid(
  path: string,
  expected: string,
  input: unknown,
  received = describeReceived(input),
): InvalidTenantSettings {
  return Object.freeze({
    type: 'InvalidTenantSettings' as const,
    message: `Tenant settings ${path || '(root)'}: expected ${expected}, received ${received}.`,
    path,
    expected,
    received,
  });
}

function oneOf(values: readonly string[]): string {
  return `one of ${values.map((v) => `'${v}'`).join(', ')}`;
}

/**
 * Validates tenant settings from untrusted input (e.g. a JSON config) at run time. Missing fields take
 * {@link DEFAULT_TENANT_SETTINGS}; `undefined` gives the defaults; unknown keys, unknown time zones and values
 * of the wrong type are rejected with an {@link InvalidTenantSettings} naming the field, and so is a field whose
 * getter or Proxy trap throws (never a throw).
 * @category Settings
 * @since 0.1.0
 */
export function tenantSettings(input?: unknown): Result<TenantSettings, InvalidTenantSettings> {
  if (input === undefined) return ok(DEFAULT_TENANT_SETTINGS);
  // Read once (its own fields): a getter or a Proxy trap that throws is refused at its field, never thrown. A
  // class instance is read as it is.
  const read = readRequest(input, '', true);
  if (read.isErr()) return err(invalid(read.error.path, read.error.expected, null, read.error.received));
  const given = isPlainObject(read.value) ? read.value : input;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    return err(
      invalid(
        '',
        'an object with some of the fields timeZone, prorationDays, chargeGrouping, rounding, autoPost',
        given,
      ),
    );
  }
  const record = given as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      return err(invalid(key, `no such setting (allowed: ${KEYS.join(', ')})`, record[key]));
    }
  }
  const pick = (key: keyof TenantSettings): unknown =>
    record[key] === undefined ? DEFAULT_TENANT_SETTINGS[key] : record[key];

  const timeZone = pick('timeZone');
  if (typeof timeZone !== 'string' || !isValidTimeZone(timeZone)) {
    return err(invalid('timeZone', 'an IANA time zone name such as "UTC" or "Europe/Berlin"', timeZone));
  }
  const prorationDays = pick('prorationDays');
  if (!(PRORATION_DAYS as readonly unknown[]).includes(prorationDays)) {
    return err(invalid('prorationDays', oneOf(PRORATION_DAYS), prorationDays));
  }
  const chargeGrouping = pick('chargeGrouping');
  if (!(CHARGE_GROUPINGS as readonly unknown[]).includes(chargeGrouping)) {
    return err(invalid('chargeGrouping', oneOf(CHARGE_GROUPINGS), chargeGrouping));
  }
  const rounding = pick('rounding');
  if (!(ROUNDING_MODES as readonly unknown[]).includes(rounding)) {
    return err(invalid('rounding', oneOf(ROUNDING_MODES), rounding));
  }
  const autoPost = pick('autoPost');
  if (typeof autoPost !== 'boolean') return err(invalid('autoPost', 'true or false', autoPost));

  return ok(
    Object.freeze({
      timeZone,
      prorationDays: prorationDays as ProrationDays,
      chargeGrouping: chargeGrouping as TenantSettings['chargeGrouping'],
      rounding: rounding as RoundingMode,
      autoPost,
    }),
  );
}
