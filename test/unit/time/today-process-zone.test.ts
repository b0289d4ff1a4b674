// The tenant's "today" never depends on the process's own zone (found in a review): `todayIn` read the date with
// date-fns-tz, which rebuilt the tenant's wall time as a Date of the process's zone, so a time falling in a gap of
// that zone moved to the next day — with the process in America/Nuuk (whose DST starts at 23:00), 23:30 UTC on
// 2025-03-29 was "2025-03-30" in UTC, and a bill run without a target date billed an item a day early. Node reads
// `process.env.TZ` again when it changes: each case sets it, and puts it back.
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock, todayIn } from '../../../src/time/clock';

const original = process.env.TZ;
afterEach(() => {
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});

describe('todayIn: whatever the process zone', () => {
  it.each([
    ['America/Nuuk', '2025-03-29T23:30:00Z', 'UTC', '2025-03-29'],
    ['America/Nuuk', '2025-03-29T22:30:00Z', 'Europe/Berlin', '2025-03-29'],
    ['America/Scoresbysund', '2026-03-28T23:59:00Z', 'UTC', '2026-03-28'],
    ['Pacific/Kiritimati', '1994-12-31T12:00:00Z', 'UTC', '1994-12-31'],
    ['Pacific/Apia', '2011-12-30T12:00:00Z', 'America/New_York', '2011-12-30'],
    ['UTC', '2023-06-30T12:00:00Z', 'Pacific/Apia', '2023-07-01'],
    ['America/Adak', '2023-06-30T12:00:00Z', 'Pacific/Pago_Pago', '2023-06-30'],
  ])('process zone %s: %s is %s in the tenant zone %s', (processZone, instant, zone, expected) => {
    process.env.TZ = processZone;
    expect(todayIn(fixedClock(instant), zone)._unsafeUnwrap()).toBe(expected);
  });

  it('years 0001 and 9999 are dates; an instant whose day in the zone falls outside them is a broken clock (thrown, as an invalid Date is)', () => {
    expect(todayIn(fixedClock('0001-01-01T12:00:00Z'), 'UTC')._unsafeUnwrap()).toBe('0001-01-01');
    expect(todayIn(fixedClock('9999-12-31T12:00:00Z'), 'UTC')._unsafeUnwrap()).toBe('9999-12-31');
    // 1 BC, which date-fns printed as "0001" (a date a year later), and the year 10000.
    expect(() => todayIn(fixedClock('0001-01-01T05:00:00Z'), 'America/Los_Angeles')).toThrow(
      /outside the years/,
    );
    expect(() => todayIn(fixedClock('9999-12-31T12:00:00Z'), 'Pacific/Kiritimati')).toThrow(
      /outside the years/,
    );
  });
});
