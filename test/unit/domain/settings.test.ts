import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_SETTINGS, tenantSettings } from '../../../src/domain/settings';

describe('tenantSettings', () => {
  it('gives the decisions.md defaults (UTC, actual, term, halfUp, no auto-post) for no input', () => {
    expect(tenantSettings()._unsafeUnwrap()).toEqual({
      timeZone: 'UTC',
      prorationDays: 'actual',
      chargeGrouping: 'term',
      rounding: 'halfUp',
      autoPost: false,
    });
    expect(tenantSettings(undefined)._unsafeUnwrap()).toBe(DEFAULT_TENANT_SETTINGS);
    expect(Object.isFrozen(DEFAULT_TENANT_SETTINGS)).toBe(true);
  });

  it('fills missing fields from the defaults and keeps given ones', () => {
    const s = tenantSettings({ timeZone: 'Pacific/Apia', prorationDays: 'thirty' })._unsafeUnwrap();
    expect(s).toEqual({ ...DEFAULT_TENANT_SETTINGS, timeZone: 'Pacific/Apia', prorationDays: 'thirty' });
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('accepts every allowed value', () => {
    const s = tenantSettings({
      timeZone: 'America/Sao_Paulo',
      prorationDays: 'actual',
      chargeGrouping: 'startDate',
      rounding: 'halfEven',
      autoPost: true,
    })._unsafeUnwrap();
    expect(s.chargeGrouping).toBe('startDate');
    expect(s.rounding).toBe('halfEven');
    expect(s.autoPost).toBe(true);
  });

  it('does not mutate its input', () => {
    const input = Object.freeze({ autoPost: true });
    expect(tenantSettings(input).isOk()).toBe(true);
  });

  it.each([
    [null, ''],
    ['UTC', ''],
    [[], ''],
    [{ timezone: 'UTC' }, 'timezone'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ timeZone: 42 }, 'timeZone'],
    [{ prorationDays: '31' }, 'prorationDays'],
    [{ chargeGrouping: 'charge' }, 'chargeGrouping'],
    [{ rounding: 'bankers' }, 'rounding'],
    [{ autoPost: 'yes' }, 'autoPost'],
  ])('rejects %j with InvalidTenantSettings at path "%s"', (input, path) => {
    const error = tenantSettings(input)._unsafeUnwrapErr();
    expect(error.type).toBe('InvalidTenantSettings');
    expect(error.path).toBe(path);
    expect(error.message).toContain('expected');
    expect(Object.isFrozen(error)).toBe(true);
  });

  it('names the unknown time zone in the error', () => {
    const error = tenantSettings({ timeZone: 'Europe/Atlantis' })._unsafeUnwrapErr();
    expect(error.received).toBe('"Europe/Atlantis"');
    expect(error.expected).toContain('IANA');
  });
});
