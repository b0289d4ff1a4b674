// A save of a new version leaves an index alone when the store's `indexesUnchanged` test says both versions
// list the same values in it (store.ts: the same account, the same charges or schedules place by place).
// Whatever a version changes, the lists by account, charge and schedule must follow it as a scan of the
// committed rows would: a model-based check over random versions of one schedule and one invoice.
import { fc, test } from '@fast-check/vitest';
import { createMemoryStore } from 'invoice-schedules/memory';
import { buildInvoice, buildInvoiceLine, buildInvoiceSchedule } from 'invoice-schedules/testing';
import { ok } from 'neverthrow';
import { describe, expect } from 'vitest';
import type { Invoice } from '../../../src/domain/documents/invoice';
import type { InvoiceSchedule, ScheduleCharge } from '../../../src/domain/schedule/schedule';
import { Dec } from '../../../src/money/decimal';

const ACCOUNTS = ['A00000001', 'A00000002'];
const CHARGES = [
  ['S-00000001', 'C-00000001'],
  ['S-00000001', 'C-00000002'],
  ['S-00000002', 'C-00000001'],
] as const;
const SCHEDULES = ['IS-00000001', 'IS-00000002'];

/** A version: its account, its charges (or lines) by index into CHARGES, and an amount that changes alone. */
const arbVersion = fc.record({
  account: fc.constantFrom(...ACCOUNTS),
  charges: fc.array(fc.integer({ min: 0, max: CHARGES.length - 1 }), { minLength: 1, maxLength: 3 }),
  schedules: fc.array(fc.constantFrom(...SCHEDULES), { minLength: 1, maxLength: 3 }),
  billed: fc.constantFrom('0.00', '10.00', '20.00'),
});

describe('memory store: the indexes follow every version of a row', () => {
  test.prop([fc.array(arbVersion, { minLength: 1, maxLength: 12 })], { numRuns: 100 })(
    'listByAccount and listByCharge of schedules, listByAccount, listBySchedule and listByCharge of invoices',
    async (versions) => {
      const store = createMemoryStore();
      const base = buildInvoiceSchedule();
      const baseInvoice = buildInvoice();
      for (const [k, v] of versions.entries()) {
        const charges: ScheduleCharge[] = v.charges.map((c) => ({
          ...(base.charges[0] as ScheduleCharge),
          subscriptionNumber: CHARGES[c]?.[0] as string,
          chargeNumber: CHARGES[c]?.[1] as string,
          billedAmount: new Dec(v.billed),
        }));
        const schedule: InvoiceSchedule = { ...base, accountNumber: v.account, charges, version: k + 1 };
        const lines = v.charges.map((c, i) =>
          buildInvoiceLine({
            id: `L-${k}-${i}`,
            subscriptionNumber: CHARGES[c]?.[0] as string,
            chargeNumber: CHARGES[c]?.[1] as string,
            invoiceScheduleNumber: v.schedules[i % v.schedules.length] as string,
            amount: new Dec(v.billed),
          }),
        );
        const invoice: Invoice = { ...baseInvoice, accountNumber: v.account, lines, version: k + 1 };
        const saved = await store.transaction(async (r) => {
          const a = await r.invoiceSchedules.save(schedule);
          if (a.isErr()) return a;
          return r.invoices.save(invoice);
        });
        expect(saved.isOk()).toBe(true);
        await store.transaction(async (r) => {
          for (const account of ACCOUNTS) {
            const listed = account === v.account ? [base.number] : [];
            expect((await r.invoiceSchedules.listByAccount(account)).map((s) => s.number)).toEqual(listed);
            const invoices = account === v.account ? [baseInvoice.number] : [];
            expect((await r.invoices.listByAccount(account)).map((i) => i.number)).toEqual(invoices);
          }
          for (const [c, [sub, charge]] of CHARGES.entries()) {
            const covered = v.charges.includes(c);
            expect((await r.invoiceSchedules.listByCharge(sub, charge)).map((s) => s.number)).toEqual(
              covered ? [base.number] : [],
            );
            expect((await r.invoices.listByCharge(sub, charge)).map((i) => i.number)).toEqual(
              covered ? [baseInvoice.number] : [],
            );
          }
          for (const n of SCHEDULES) {
            const named = lines.some((l) => l.invoiceScheduleNumber === n);
            expect((await r.invoices.listBySchedule(n)).map((i) => i.number)).toEqual(
              named ? [baseInvoice.number] : [],
            );
          }
          return ok(undefined);
        });
      }
    },
  );
});
