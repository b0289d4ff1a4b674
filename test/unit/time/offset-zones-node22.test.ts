// test/unit/time/offset-zones.test.ts cannot fail on Node.js 20 (this machine and CI): its Intl refuses offsets by
// itself. Here Intl behaves as Node.js 22's does (ECMA-402, 11th edition: an offset is a zone), so the library's
// own check is what refuses them (re-read of the fortieth session).
import { afterEach, expect, it, vi } from 'vitest';

const OFFSET = /^[+\-\u2212]\d{2}(:?\d{2})?$/;
const RealDateTimeFormat = Intl.DateTimeFormat;
afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

it.each(['+01:00', '-11:00', '+0545', '+14', '\u221205:00', '-00:00'])(
  '%s is refused on an Intl that takes offsets as zones (Node.js 22)',
  async (tz) => {
    vi.stubGlobal('Intl', {
      ...Intl,
      DateTimeFormat: class extends RealDateTimeFormat {
        constructor(locale?: string, options?: Intl.DateTimeFormatOptions) {
          const zone = options?.timeZone;
          super(locale, zone !== undefined && OFFSET.test(zone) ? { ...options, timeZone: 'UTC' } : options);
        }
      },
    });
    expect(() => new Intl.DateTimeFormat('en-US', { timeZone: tz })).not.toThrow();
    vi.resetModules();
    const { isValidTimeZone } = await import('../../../src/time/clock');
    expect(isValidTimeZone(tz)).toBe(false);
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
  },
);
