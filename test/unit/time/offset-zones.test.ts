// Dates and zones review: docs/errors/time.md (InvalidTimeZone) and docs/errors.md say '+01:00' is refused
// ("offsets are not zones"), and decisions.md "Tenant settings" makes timeZone an IANA zone. isValidTimeZone
// asked Intl alone, and Node.js 22's Intl (ECMA-402, 11th edition) takes offsets as zones: '+01:00', '+0545',
// '+14', even '−05:00' with U+2212 were accepted there (refused on Node.js 20), and a tenant's "today" then kept
// no daylight saving time. Refused on every runtime now.
import { describe, expect, it } from 'vitest';
import { tenantSettings } from '../../../src/domain/settings';
import { fixedClock, isValidTimeZone, todayIn } from '../../../src/time/index';

describe(`offsets are not zones (Node.js ${process.version})`, () => {
  it.each(['+01:00', '-11:00', '+0545', '+14', '\u221205:00', '-00:00'])('%s is refused', (tz) => {
    expect(isValidTimeZone(tz)).toBe(false);
    expect(tenantSettings({ timeZone: tz })._unsafeUnwrapErr().type).toBe('InvalidTenantSettings');
    expect(todayIn(fixedClock('2023-06-30T23:30:00Z'), tz)._unsafeUnwrapErr().type).toBe('InvalidTimeZone');
  });

  it.each(['Etc/GMT+5', 'Etc/GMT-14', 'UTC', 'Asia/Kathmandu'])('%s, an IANA name, is a zone', (tz) => {
    expect(isValidTimeZone(tz)).toBe(true);
  });
});
