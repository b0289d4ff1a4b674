import { ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import type { BillingContext } from '../../src/ports';
import { expectOk, type TestBilling } from '../support/billing';
import { hooked } from '../support/hooked';
import { givenAccountsDue } from '../support/scenarios';

// Decision 14: whoever executes an item claims `execution:<schedule id>:<item id>:<generation>` in its
// transaction. The claims are inserted before the document numbers are drawn: a transaction that lost one
// never takes the sequences' rows (a drawn number's row stays locked until the transaction ends, so every
// other transaction drawing numbers would wait for it), and one that won does not hold them while it claims.

/**
 * The context, its store recording each repository call as `repository.method` (a draw of numbers with the
 * sequence's name: `sequences.next Invoice`).
 */
function recorded(context: BillingContext): { context: BillingContext; calls: string[] } {
  const calls: string[] = [];
  const hook = (name: string, method: string, args: readonly unknown[]) =>
    calls.push(name === 'sequences' ? `${name}.${method} ${String(args[0])}` : `${name}.${method}`);
  return { context: hooked(context, hook), calls };
}

/** The execution key of the first item of each account's schedule (generation 0), as the store holds it. */
function executionKeys(billing: TestBilling): string[] {
  return billing.store.probe
    .snapshot()
    .invoiceSchedules.map((s) => `execution:${s.id}:${(s.items[0] as { id: string }).id}:0`);
}

describe('execution claims come before the document numbers', () => {
  it('a batch claims every execution, then draws its numbers, then saves its documents; each claim records the id of its invoice', async () => {
    const billing = await givenAccountsDue(3);
    const { context, calls } = recorded(billing.context);
    const run = expectOk(await runBillRun(context, { targetDate: '2023-02-04' }));
    expect(run.invoiceNumbers).toHaveLength(3);
    const claims = calls.indexOf('idempotency.insertMany');
    const draw = calls.indexOf('sequences.nextBlock Invoice');
    const saves = calls.indexOf('invoices.saveMany');
    expect(claims).toBeGreaterThanOrEqual(0);
    expect(claims).toBeLessThan(draw);
    expect(draw).toBeLessThan(saves);
    expect(calls.filter((c) => c === 'idempotency.insertMany')).toHaveLength(1);
    const invoices = billing.store.probe.snapshot().invoices;
    const keys = executionKeys(billing);
    keys.forEach((key, i) => {
      const claim = billing.store.probe.idempotencyKey(key);
      expect(claim?.operation).toBe('executeItem');
      // The schedules were set up in account order, and their invoices are numbered in it.
      expect(claim?.result).toBe(invoices[i]?.id);
      expect(invoices[i]?.accountNumber).toBe(`A-00${i + 1}`);
    });
  });

  it('an execution by hand claims before it draws its number', async () => {
    const billing = await givenAccountsDue(1);
    const { context, calls } = recorded(billing.context);
    expectOk(await executeInvoiceSchedule(context, { invoiceScheduleNumber: 'IS-00000001' }));
    const claim = calls.indexOf('idempotency.insertMany');
    const draw = calls.findIndex(
      (c) => c === 'sequences.next Invoice' || c === 'sequences.nextBlock Invoice',
    );
    expect(claim).toBeGreaterThanOrEqual(0);
    expect(claim).toBeLessThan(draw);
    expect(calls.indexOf('invoices.save')).toBeGreaterThan(draw);
    const [key] = executionKeys(billing);
    const [invoice] = billing.store.probe.snapshot().invoices;
    expect(billing.store.probe.idempotencyKey(key as string)?.result).toBe(invoice?.id);
  });

  it('an account whose execution was claimed elsewhere draws no number and saves nothing; the others of its batch bill', async () => {
    const billing = await givenAccountsDue(3);
    const [, taken] = executionKeys(billing);
    // Another execution of A-002's item committed its claim (and, say, crashed before the rest: a claim is
    // only ever committed with its invoice, but the store cannot tell).
    await billing.context.store.transaction(async (repos) => {
      await repos.idempotency.insert({ key: taken as string, operation: 'executeItem', result: 'elsewhere' });
      return ok(undefined);
    });
    const { context, calls } = recorded(billing.context);
    const run = expectOk(await runBillRun(context, { targetDate: '2023-02-04' }));
    expect(run.failures.map((f) => [f.accountNumber, f.errorType])).toEqual([['A-002', 'VersionConflict']]);
    expect(run.invoiceNumbers).toEqual(['INV00000001', 'INV00000002']);
    const snapshot = billing.store.probe.snapshot();
    expect(snapshot.invoices.map((i) => i.accountNumber)).toEqual(['A-001', 'A-003']);
    // Numbers stay gapless, and the claim taken elsewhere is as it was.
    expect(billing.store.probe.sequence('Invoice')).toBe(2);
    expect(billing.store.probe.idempotencyKey(taken as string)?.result).toBe('elsewhere');
    // The batch, then A-002 on its own, lost the claim: neither drew. Only did (before the
    // claims came first, the batch and each attempt of A-002 drew a block too, and rolled it back).
    expect(calls.filter((c) => c.startsWith('sequences.') && c.endsWith(' Invoice'))).toEqual([
      'sequences.nextBlock Invoice',
      'sequences.nextBlock Invoice',
    ]);
  });
});
