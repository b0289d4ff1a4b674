import { describe, expect, it } from 'vitest';
import {
  parseCreateInvoiceScheduleRequest,
  parseUpdateInvoiceScheduleRequest,
} from '../../../src/operations/validators';

// §9 (reference line 664): "50 items per schedule; 10 orders"; 600 additional subscriptions (SCHEDULE_LIMITS).
// The suite checks only limit + 1 (51, 11, 601 refused); a request exactly at each limit must pass.
// Mutants create-request.ts checkLimits `> SCHEDULE_LIMITS.x` → `>=` (items, orders, additionalSubscriptionsToBill)
// all survive the suite.
const day = (i: number) => new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10);
const items50 = Array.from({ length: 50 }, (_, i) => ({ runDate: day(i), amount: '1.00' }));

describe('review-56: §9 limits are inclusive', () => {
  it('create: exactly 50 items is accepted', () => {
    const r = parseCreateInvoiceScheduleRequest({
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: items50,
    });
    expect(r.isOk() ? 'ok' : r.error).toBe('ok');
  });
  it('create: exactly 10 orders is accepted', () => {
    const orders = Array.from({ length: 10 }, (_, i) => `O-${i}`);
    const r = parseCreateInvoiceScheduleRequest({
      accountNumber: 'A-001',
      orders,
      items: [{ runDate: '2023-01-01', amount: '1.00' }],
    });
    expect(r.isOk() ? 'ok' : r.error).toBe('ok');
  });
  it('create: exactly 600 additional subscriptions is accepted', () => {
    const r = parseCreateInvoiceScheduleRequest({
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: [{ runDate: '2023-01-01', amount: '1.00' }],
      additionalSubscriptionsToBill: Array.from({ length: 600 }, (_, i) => `S-X${i}`),
    });
    expect(r.isOk() ? 'ok' : r.error).toBe('ok');
  });
  it('update: exactly 50 items is accepted', () => {
    const r = parseUpdateInvoiceScheduleRequest({
      invoiceScheduleNumber: 'IS-00000001',
      expectedVersion: 1,
      items: items50,
    });
    expect(r.isOk() ? 'ok' : r.error).toBe('ok');
  });
});
