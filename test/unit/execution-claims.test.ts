import { ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import type { BillingContext } from '../../src/ports';
import { C01_SUBSCRIPTIONS, expectOk, type TestBilling } from '../support/billing';
import { hooked } from '../support/hooked';
import { givenAccountsDue, givenSchedule, givenSubscriptions } from '../support/scenarios';

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

  it('an execution by hand claims before it draws its invoice number (its bill run number is drawn first)', async () => {
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

  it("an account billing two schedules separately and a standard charge: each claim records its own invoice's id, with or without the ports' batch forms", async () => {
    const given = async () => {
      const billing = await givenSubscriptions(C01_SUBSCRIPTIONS);
      // S4 is left to standard billing, whose invoice joins the same account's decision.
      for (const [subs, total] of [
        [['S1', 'S2'], '58400.00'],
        [['S3'], '11000.00'],
      ] as const) {
        await givenSchedule(billing, {
          specificSubscriptions: subs.map((s) => ({ orderNumber: 'O-0001', subscriptionNumber: s })),
          invoiceSeparately: true,
          items: [{ runDate: '2023-02-04', amount: total }],
        });
      }
      return billing;
    };
    const claimsOf = (billing: TestBilling) => {
      const snapshot = billing.store.probe.snapshot();
      return snapshot.invoiceSchedules.map((s) => {
        const claim = billing.store.probe.idempotencyKey(
          executionKeys(billing)[snapshot.invoiceSchedules.indexOf(s)] as string,
        );
        const invoice = snapshot.invoices.find((i) =>
          i.lines.some((l) => l.invoiceScheduleNumber === s.number),
        );
        return [s.number, claim?.result, invoice?.id, invoice?.number];
      });
    };
    const batched = await given();
    const run = expectOk(await runBillRun(batched.context, { targetDate: '2023-02-04' }));
    expect(run.invoiceNumbers).toHaveLength(3);
    const claims = claimsOf(batched);
    for (const [, result, id] of claims) expect(result).toBe(id);
    expect(new Set(claims.map(([, result]) => result)).size).toBe(2);
    // A store without insertMany and nextBlock: a claim at a time, a number at a time; the same claims.
    const plain = await given();
    const store = plain.context.store;
    const withoutBatchForms: BillingContext = {
      ...plain.context,
      store: {
        transaction: (work) =>
          store.transaction((repos) => {
            const { insertMany: _many, ...idempotency } = repos.idempotency;
            const { nextBlock: _block, ...sequences } = repos.sequences;
            return work({ ...repos, idempotency, sequences });
          }),
      },
    };
    const { context, calls } = recorded(withoutBatchForms);
    expectOk(await runBillRun(context, { targetDate: '2023-02-04' }));
    expect(calls.filter((c) => c === 'sequences.next Invoice')).toHaveLength(3);
    expect(calls.indexOf('idempotency.insert')).toBeLessThan(calls.indexOf('sequences.next Invoice'));
    expect(claimsOf(plain)).toEqual(claims);
  });
});
