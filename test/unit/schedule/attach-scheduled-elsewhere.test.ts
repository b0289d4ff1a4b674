// §5.5 with §2.3 / §4.2 rule 2: a charge detached before any of it was billed can be put in a new schedule (the
// errors page suggests it); attaching it back to the first schedule was then accepted, and both schedules billed
// it (C2 2,000.00 for a value of 1,000.00) (found by the model's targeted sequences). The attach is refused with
// ChargeAlreadyScheduled, naming the schedule that holds it.
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/money';
import { runBillRun } from '../../../src/operations/bill-run';
import {
  attachInvoiceScheduleCharges,
  detachInvoiceScheduleCharges,
} from '../../../src/operations/lifecycle';
import { expectErr, expectOk } from '../../support/billing';
import { billAndPost, givenSchedule, givenSubscriptions, yearly } from '../../support/scenarios';

const C2 = { subscriptionNumber: 'S2', chargeNumbers: ['C2'] };

describe('§5.5: a detached charge another schedule holds now is not attached back', () => {
  it('C2 detached from IS-00000001 unbilled, IS-00000002 created over it: attach refused (ChargeAlreadyScheduled), nothing written; C2 billed 1,000.00 once', async () => {
    // C06's shape: S1/C1 1,000.00 over 2022, S2/C2 1,000.00 over 2023; item 1 (1,000.00) bills C1 alone.
    const billing = await givenSubscriptions(
      [
        yearly('S1', [{ number: 'C1', price: '1000.00' }], '2022'),
        yearly('S2', [{ number: 'C2', price: '1000.00' }], '2023'),
      ],
      { now: '2022-02-10T12:00:00Z' },
    );
    const schedule = await givenSchedule(billing, {
      items: [
        { runDate: '2022-02-01', amount: '1000.00' },
        { runDate: '2023-02-01', amount: '1000.00' },
      ],
    });
    await billAndPost(billing, ['2022-02-01']);
    expectOk(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: schedule.number,
        specificSubscriptions: [C2],
      }),
    );
    const second = await givenSchedule(billing, {
      specificSubscriptions: [{ orderNumber: 'O-0001', ...C2 }],
      items: [{ runDate: '2023-03-01', amount: '1000.00' }],
    });
    const before = billing.store.probe.snapshot();
    const error = expectErr(
      await attachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: schedule.number,
        specificSubscriptions: [C2],
      }),
    );
    expect(error).toMatchObject({
      type: 'ChargeAlreadyScheduled',
      subscriptionNumber: 'S2',
      chargeNumber: 'C2',
      invoiceScheduleNumber: second.number,
    });
    expect(billing.store.probe.snapshot()).toEqual(before);
    expectOk(await runBillRun(billing.context, { targetDate: '2024-06-01' }));
    const c2 = billing.store.probe
      .snapshot()
      .invoices.filter((i) => i.status === 'Draft' || i.status === 'Posted')
      .flatMap((i) => i.lines)
      .filter((l) => l.chargeNumber === 'C2')
      .reduce((sum, l) => sum.plus(l.amount), new Dec(0));
    expect(c2.toFixed(2)).toBe('1000.00');
  });
});
