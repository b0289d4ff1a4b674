import { describe, expect, it } from 'vitest';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectOk } from '../support/billing';
import { billAndPost, givenC01Removal, givenC01Schedule } from '../support/scenarios';

describe('C10 — remove all charges after the schedule is fully processed', () => {
  it('C10: executed on 2023-11-01, CM001 11,700.00 dated 2023-11-01 in eight lines, latest invoice first, C2 with the balancing cent', async () => {
    // C01 billed in full by bill runs on its run dates, then O-0002 removes C1–C4 as of 2023-11-01. The
    // execution by hand happens on the effective date: a credit memo is generated on it (§8.4), never before
    // (executed earlier, it is NothingToExecute; execute-credit-due-by-today.test.ts).
    const { billing } = await givenC01Schedule({ now: '2023-11-01T12:00:00Z' });
    await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-09-16']);
    await givenC01Removal(billing, '2023-10-15', '2023-11-01');
    const before = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(before)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '70200.00',
      actualAmount: '58500.00',
      billedAmount: '70200.00',
      unbilledAmount: '-11700.00',
      nextRunDate: '2023-11-01',
    });
    const run = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(run.number).toBe('BR-00000004');
    expect(run.creditMemoNumbers).toEqual(['CM00000001']);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect([memo?.amount, memo?.memoDate]).toEqual(['11700.00', '2023-11-01']);
    expect(
      memo?.lines.map((l) => [
        l.creditedInvoiceNumber,
        l.chargeNumber,
        l.serviceStartDate,
        l.serviceEndDate,
        l.amount,
      ]),
    ).toEqual([
      ['INV00000003', 'C1', '2023-11-29', '2023-12-31', '3258.97'],
      ['INV00000002', 'C1', '2023-11-01', '2023-11-29', '2891.03'],
      ['INV00000003', 'C2', '2023-11-29', '2023-12-31', '1898.86'],
      ['INV00000002', 'C2', '2023-11-01', '2023-11-29', '1684.48'],
      ['INV00000003', 'C3', '2023-11-29', '2023-12-31', '971.51'],
      ['INV00000002', 'C3', '2023-11-01', '2023-11-29', '861.82'],
      ['INV00000003', 'C4', '2023-11-29', '2023-12-31', '70.66'],
      ['INV00000002', 'C4', '2023-11-01', '2023-11-29', '62.67'],
    ]);
    // The case's table names the invoice item each memo item credits: INV003 item 1, INV002 item 1, INV003 item
    // 2, … (item k of an invoice is its k-th line).
    const lineName = new Map(
      ['INV00000002', 'INV00000003'].flatMap((number) =>
        (billing.store.probe.invoice(number)?.lines ?? []).map(
          (l, k) => [l.id, `${number.replace('INV00000', 'INV')} item ${k + 1}`] as const,
        ),
      ),
    );
    expect(memo?.lines.map((l) => lineName.get(l.creditedInvoiceLineId ?? ''))).toEqual([
      'INV003 item 1',
      'INV002 item 1',
      'INV003 item 2',
      'INV002 item 2',
      'INV003 item 3',
      'INV002 item 3',
      'INV003 item 4',
      'INV002 item 4',
    ]);
    const after = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(after)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '70200.00',
      actualAmount: '58500.00',
      billedAmount: '58500.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
    expect(after.items[2]?.creditMemoNumbers).toEqual(['CM00000001']);
  });
});
