import { describe, expect, it } from 'vitest';
import { type Clock, fixedClock, isValidTimeZone, TIME_ERROR_TYPES, todayIn } from '../../../src/time';

const today = (iso: string, zone: string): string => todayIn(fixedClock(iso), zone)._unsafeUnwrap();

describe('fixedClock', () => {
  it('returns the same instant on every call, as a fresh Date', () => {
    const clock = fixedClock('2023-06-30T12:00:00Z');
    const first = clock.now();
    first.setUTCFullYear(1999);
    expect(clock.now().toISOString()).toBe('2023-06-30T12:00:00.000Z');
    expect(Object.isFrozen(clock)).toBe(true);
  });

  it('accepts offsets, seconds and milliseconds', () => {
    expect(fixedClock('2023-06-30T12:00+02:00').now().toISOString()).toBe('2023-06-30T10:00:00.000Z');
    expect(fixedClock('2023-06-30T23:59:59.999-11:00').now().toISOString()).toBe('2023-07-01T10:59:59.999Z');
  });

  it.each([
    '2023-06-30T12:00:00',
    '2023-06-30',
    '2023-02-30T12:00:00Z',
    '2023-06-30T24:00:00Z',
    '2023-06-30T12:00:00+24:00',
    'now',
    '',
  ])('throws on %j (no zone, or not a real instant)', (iso) => {
    expect(() => fixedClock(iso)).toThrow(RangeError);
  });

  it('throws on a non-string from an untyped caller', () => {
    expect(() => fixedClock(1688126400000 as unknown as string)).toThrow(RangeError);
  });
});

describe('isValidTimeZone', () => {
  it.each(['UTC', 'Etc/UTC', 'Europe/Berlin', 'Pacific/Apia', 'Australia/Lord_Howe', 'America/Sao_Paulo'])(
    'accepts %s',
    (tz) => {
      expect(isValidTimeZone(tz)).toBe(true);
    },
  );

  it.each(['', ' ', 'Mars/Olympus_Mons', 'Europe/Berlin ', ' UTC', 'Not a zone'])('rejects %j', (tz) => {
    expect(isValidTimeZone(tz)).toBe(false);
  });

  it('rejects non-strings from untyped callers', () => {
    expect(isValidTimeZone(42 as unknown as string)).toBe(false);
    expect(isValidTimeZone(undefined as unknown as string)).toBe(false);
  });
});

describe('todayIn', () => {
  it('gives different business dates for the same instant in far zones', () => {
    expect(today('2023-06-30T12:00:00Z', 'Pacific/Apia')).toBe('2023-07-01');
    expect(today('2023-06-30T12:00:00Z', 'Pacific/Pago_Pago')).toBe('2023-06-30');
    expect(today('2023-06-30T12:00:00Z', 'Pacific/Kiritimati')).toBe('2023-07-01');
    expect(today('2023-06-30T12:00:00Z', 'UTC')).toBe('2023-06-30');
  });

  it.each([
    // Pacific/Kiritimati is UTC+14: its day starts at 10:00Z of the previous UTC day.
    ['2023-06-30T09:59:59Z', 'Pacific/Kiritimati', '2023-06-30'],
    ['2023-06-30T10:00:00Z', 'Pacific/Kiritimati', '2023-07-01'],
    // Pacific/Pago_Pago is UTC−11.
    ['2023-07-01T10:59:59Z', 'Pacific/Pago_Pago', '2023-06-30'],
    ['2023-07-01T11:00:00Z', 'Pacific/Pago_Pago', '2023-07-01'],
    // Pacific/Apia is UTC+13 since 2021 (no DST) …
    ['2023-06-30T10:59:59Z', 'Pacific/Apia', '2023-06-30'],
    ['2023-06-30T11:00:00Z', 'Pacific/Apia', '2023-07-01'],
    // … and was UTC+14 under its DST in January 2021.
    ['2021-01-15T09:59:59Z', 'Pacific/Apia', '2021-01-15'],
    ['2021-01-15T10:00:00Z', 'Pacific/Apia', '2021-01-16'],
    // Apia skipped 2011-12-30: 23:59:59 on the 29th (UTC−10) is followed by 00:00 on the 31st (UTC+14).
    ['2011-12-30T09:59:59Z', 'Pacific/Apia', '2011-12-29'],
    ['2011-12-30T10:00:00Z', 'Pacific/Apia', '2011-12-31'],
    // Australia/Lord_Howe shifts by 30 minutes: +11 in summer, +10:30 in winter (DST ended 2023-04-02 02:00).
    ['2023-04-01T12:59:59Z', 'Australia/Lord_Howe', '2023-04-01'],
    ['2023-04-01T13:00:00Z', 'Australia/Lord_Howe', '2023-04-02'],
    ['2023-04-02T13:29:59Z', 'Australia/Lord_Howe', '2023-04-02'],
    ['2023-04-02T13:30:00Z', 'Australia/Lord_Howe', '2023-04-03'],
    // DST started 2023-10-01 02:00 → 02:30: midnight of 2023-10-02 is 13:00Z again.
    ['2023-09-30T13:29:59Z', 'Australia/Lord_Howe', '2023-09-30'],
    ['2023-09-30T13:30:00Z', 'Australia/Lord_Howe', '2023-10-01'],
    ['2023-10-01T12:59:59Z', 'Australia/Lord_Howe', '2023-10-01'],
    ['2023-10-01T13:00:00Z', 'Australia/Lord_Howe', '2023-10-02'],
    // America/Sao_Paulo: DST began 2018-11-04 by skipping midnight (00:00 → 01:00, UTC−3 → UTC−2).
    ['2018-11-04T02:59:59Z', 'America/Sao_Paulo', '2018-11-03'],
    ['2018-11-04T03:00:00Z', 'America/Sao_Paulo', '2018-11-04'],
    // … and ended 2019-02-17 00:00 → 2019-02-16 23:00, so 2019-02-16 lasted 25 hours.
    ['2019-02-16T01:59:59Z', 'America/Sao_Paulo', '2019-02-15'],
    ['2019-02-16T02:00:00Z', 'America/Sao_Paulo', '2019-02-16'],
    ['2019-02-17T02:59:59Z', 'America/Sao_Paulo', '2019-02-16'],
    ['2019-02-17T03:00:00Z', 'America/Sao_Paulo', '2019-02-17'],
    // No DST since 2019: UTC−3 all year.
    ['2023-06-30T02:59:59Z', 'America/Sao_Paulo', '2023-06-29'],
    ['2023-06-30T03:00:00Z', 'America/Sao_Paulo', '2023-06-30'],
  ])('%s is %s … %s', (iso, zone, expected) => {
    expect(today(iso, zone)).toBe(expected);
  });

  it('returns InvalidTimeZone for an unknown zone, without reading the clock', () => {
    const clock: Clock = {
      now: () => {
        throw new Error('the clock must not be read');
      },
    };
    const error = todayIn(clock, 'Mars/Olympus_Mons')._unsafeUnwrapErr();
    expect(error).toEqual({
      type: 'InvalidTimeZone',
      timeZone: 'Mars/Olympus_Mons',
      message:
        '"Mars/Olympus_Mons" is not a known IANA time zone. Use a zone name such as "UTC", "Europe/Berlin" or "Pacific/Apia".',
    });
    expect(TIME_ERROR_TYPES).toContain(error.type);
  });

  it('describes a non-string zone from an untyped caller', () => {
    const error = todayIn(fixedClock('2023-01-01T00:00:00Z'), 7 as unknown as string)._unsafeUnwrapErr();
    expect(error.timeZone).toBe('number 7');
  });

  it('throws when the injected clock returns an invalid Date (a programmer error)', () => {
    expect(() => todayIn({ now: () => new Date(Number.NaN) }, 'UTC')).toThrow(TypeError);
  });

  it('throws when the clock is outside the years 0001 to 9999 in UTC, even where the zone’s date is inside them (records could not keep its instants)', () => {
    // Year 10000 UTC is still 9999-12-31 at UTC−12; year 0 UTC is already 0001-01-01 east of it.
    expect(() => todayIn({ now: () => new Date('+010000-01-01T05:00:00.000Z') }, 'Etc/GMT+12')).toThrow(
      /outside the years 0001 to 9999 \(UTC\)/,
    );
    const yearZero = new Date('0001-01-01T00:00:00.000Z');
    yearZero.setUTCHours(-2);
    expect(() => todayIn({ now: () => yearZero }, 'Etc/GMT-14')).toThrow(/outside the years 0001 to 9999/);
  });
});
