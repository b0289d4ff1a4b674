// Rules a mutation review found no test pinning (each mutant survived the suite): the figures below are the
// library's, checked by hand against the rule each cites (C1 2,000.00/yr kept 8 months and 29 of September's 30
// days is worth 1,494.44: 505.56 back).
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectOk } from '../../support/billing';
import {
  givenC01Removal,
  givenC01Schedule,
  givenC08Cancelled,
  givenSchedule,
  givenSubscriptions,
  yearly,
} from '../../support/scenarios';

describe('a credit due on the next item’s run date is given by that item (§8.4, §6.6 rule 3, decision 18)', () => {
  // C01 after item 1 (50,000.00); O-0002 removes C1–C4 as of 2023-05-01, item 2's run date: four months kept
  // (23,400.00), 26,600.00 owed back.
  async function removedOnItem2sRunDate() {
    const { billing } = await givenC01Schedule({ now: '2023-05-01T12:00:00Z' });
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    await givenC01Removal(billing, '2023-03-01', '2023-05-01');
    return billing;
  }

  it('executed on 2023-05-01: CM00000001 26,600.00 dated 2023-05-01', async () => {
    const billing = await removedOnItem2sRunDate();
    const run = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(run.creditMemoNumbers).toEqual(['CM00000001']);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect([memo?.amount, memo?.memoDate]).toEqual(['26600.00', '2023-05-01']);
  });

  it('billed by the run of 2023-05-01: item 2 gives the memo (−26,600.00), item 3 ends at 0.00', async () => {
    const billing = await removedOnItem2sRunDate();
    expectOk(await runBillRun(billing.context, { targetDate: '2023-05-01' }));
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.items.map((i) => [i.status, i.billedAmount.toFixed(2), i.creditMemoNumbers])).toEqual([
      ['Processed', '50000.00', []],
      ['Processed', '-26600.00', ['CM00000001']],
      ['Processed', '0.00', []],
    ]);
  });
});

describe('a zero-priced charge gets a 0.00 line on each invoice a credit takes from (C08, decision 15)', () => {
  it('C08 fully processed, S1 and S2 cancelled as of 2023-09-30: CM 505.56 takes 500.00 from INV003 and 5.56 from INV002, each with C2’s 0.00 line', async () => {
    const billing = await givenC08Cancelled('2023-09-20', '2023-09-30');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-11-01' }));
    const memo = billing.store.probe.creditMemo(run.creditMemoNumbers[0] ?? '');
    expect(memo?.amount).toBe('505.56');
    expect(
      memo?.lines.map((l) => [
        l.chargeNumber,
        l.creditedInvoiceNumber,
        l.serviceStartDate,
        l.serviceEndDate,
        l.amount,
      ]),
    ).toEqual([
      ['C1', 'INV00000003', '2023-10-01', '2023-12-31', '500.00'],
      ['C1', 'INV00000002', '2023-09-30', '2023-09-30', '5.56'],
      ['C2', 'INV00000003', '2023-10-01', '2023-12-31', '0.00'],
      ['C2', 'INV00000002', '2023-09-30', '2023-09-30', '0.00'],
    ]);
  });
});

describe('a charge served to the end of a day records that day as fully served (decision 3)', () => {
  it.each<[string, Parameters<typeof yearly>[1], readonly { runDate: string; amount: string }[]]>([
    [
      'C1 3,720.00/yr billed 10.00 first: exactly 2023-01-01 (10.00 a day in January)',
      [{ number: 'C1', price: '3720.00' }],
      [
        { runDate: '2023-01-01', amount: '10.00' },
        { runDate: '2023-06-01', amount: '3710.00' },
      ],
    ],
    [
      'a one-time charge of 500.00 billed in full',
      [{ number: 'C1', type: 'OneTime', price: '500.00', startDate: '2023-01-01', endDate: '2023-12-31' }],
      [{ runDate: '2023-01-01', amount: '500.00' }],
    ],
  ])('%s: servedThrough 2023-01-01, not partly served', async (_, charges, items) => {
    const billing = await givenSubscriptions([yearly('S1', charges)], { now: '2023-01-01T12:00:00Z' });
    await givenSchedule(billing, { items });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.charges[0]?.servedThrough).toEqual({ end: '2023-01-01', endDayPartial: false });
  });
});
