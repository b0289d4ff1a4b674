import { err, ok, type Result } from 'neverthrow';
import { type BusinessDate, parseBusinessDate } from './date';
import { type InvalidTimeZone, invalidTimeZone } from './errors';

/**
 * The port that tells the library what instant it is. Injected rather than read from the system so that
 * "today" is reproducible in tests and the same for every process TZ; it is the only place a `Date` appears.
 * @category Ports
 * @since 0.1.0
 */
export interface Clock {
  /** The current instant (the only `Date` in the library: an instant, never a business date). */
  now(): Date;
}

const INSTANT_PATTERN =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/**
 * The milliseconds of an ISO 8601 instant with `Z` or an offset (`2023-06-30T12:00:00Z`,
 * `2023-06-30T12:00:00.000+02:00`), or NaN for anything else: a local time (it would depend on the process
 * TZ), a day the calendar does not have. @internal
 */
export function instantMillis(iso: unknown): number {
  const match = typeof iso === 'string' ? INSTANT_PATTERN.exec(iso) : null;
  // Date.parse alone would accept 2023-02-30 (rolling over to March), so check the calendar date ourselves.
  return match !== null && parseBusinessDate(match[1]).isOk() ? Date.parse(iso as string) : Number.NaN;
}

/**
 * A clock stopped at one instant, for tests and demos: `fixedClock('2023-06-30T12:00:00Z')`. The ISO string
 * must carry `Z` or an offset (a local time would depend on the process TZ); anything else throws a RangeError.
 * @category Ports
 * @since 0.1.0
 */
export function fixedClock(iso: string): Clock {
  const ms = instantMillis(iso);
  if (Number.isNaN(ms)) {
    throw new RangeError(
      `fixedClock: ${JSON.stringify(iso)} is not an ISO instant with a zone, e.g. "2023-06-30T12:00:00Z" or "2023-06-30T12:00:00+02:00"`,
    );
  }
  // A fresh Date per call: a caller mutating the returned Date cannot move the clock.
  return Object.freeze({ now: () => new Date(ms) });
}

/**
 * True when `tz` is a time zone the runtime's Intl knows (IANA names such as `UTC`, `Europe/Berlin`). An
 * offset (`+01:00`, `-0500`, `+14`) is not a zone, whatever the runtime says: Node.js 22's Intl takes offsets
 * as zones (ECMA-402, 11th edition) and Node.js 20's does not, and a fixed offset keeps no daylight saving time.
 * @since 0.1.0
 */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.trim() === '' || tz !== tz.trim()) return false;
  // An offset starts with a sign (U+2212, the minus sign, too); no IANA name does.
  if (/^[+\-\u2212]/.test(tz)) return false;
  const known = KNOWN_ZONES.get(tz);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    valid = true;
  } catch {
    valid = false;
  }
  // Every operation checks its tenant's zone, and building a formatter costs about a millisecond: remember
  // the answer. A pure memo (the runtime's zone list does not change), bounded so garbage cannot grow it.
  if (KNOWN_ZONES.size < 1000) KNOWN_ZONES.set(tz, valid);
  return valid;
}

const KNOWN_ZONES = new Map<string, boolean>();

/**
 * The clock's instant, checked: a clock returning something other than a valid `Date` is the host's bug, thrown
 * as a TypeError naming `caller` (read as NaN, it would pass every comparison). @internal
 */
export function validNow(clock: Clock, caller: string): Date {
  const instant = clock.now();
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new TypeError(`${caller}: the clock returned an invalid Date; a Clock must return a valid instant`);
  }
  const year = instant.getUTCFullYear();
  if (year < 1 || year > 9999) {
    throw new TypeError(
      `${caller}: the clock returned ${instant.toISOString()}, outside the years 0001 to 9999 (UTC) that records keep; a Clock must return the current instant`,
    );
  }
  return instant;
}

/**
 * Today's business date in `timeZone` at the clock's instant (read with `Intl.DateTimeFormat` in that zone,
 * whatever the process's own zone): the tenant's
 * "today" for run dates and bill runs. 2023-06-30T12:00:00Z is 2023-07-01 in Pacific/Apia, 2023-06-30 in Pacific/Pago_Pago.
 * @since 0.1.0
 */
export function todayIn(clock: Clock, timeZone: string): Result<BusinessDate, InvalidTimeZone> {
  if (!isValidTimeZone(timeZone)) return err(invalidTimeZone(timeZone));
  const instant = validNow(clock, 'todayIn');
  // The calendar date in the zone, read from Intl with the zone given: never from the process's own zone (date-fns-tz
  // rebuilt the zone's wall time as a process-local Date, which moved a time falling in a gap of the process's zone
  // — America/Nuuk's 23:00 → 00:00 — into the next day; found in a review).
  let era = '';
  let year = '';
  let month = '';
  let day = '';
  for (const part of formatterIn(timeZone).formatToParts(instant)) {
    if (part.type === 'era') era = part.value;
    else if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  const y = Number(year);
  if (era !== 'AD' || !Number.isInteger(y) || y < 1 || y > 9999) {
    // As for an invalid Date: a clock this far out is a broken clock, not a request to refuse.
    throw new TypeError(
      `todayIn: the clock's instant ${instant.toISOString()} is ${year}-${month}-${day} ${era} in ${timeZone}, outside the years 0001–9999 of a business date; a Clock must return an instant in that range`,
    );
  }
  return ok(`${String(y).padStart(4, '0')}-${month}-${day}` as BusinessDate);
}

/**
 * One `Intl.DateTimeFormat` per zone name giving era, year, month and day, kept for at most 1,000 names (as
 * {@link KNOWN_ZONES}: zone names are case-insensitive, so callers could spell one many ways).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterIn(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      era: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    if (formatters.size < 1000) formatters.set(timeZone, formatter);
  }
  return formatter;
}
