import type { InvoiceSchedule, InvoiceScheduleItem, ScheduleCharge } from '../../domain/schedule/schedule';
import type { UnitOfWork } from '../../ports/index';
import { check, checkEqual } from '../assert';
import {
  buildAccount,
  buildInvoice,
  buildInvoiceLine,
  buildInvoiceSchedule,
  buildInvoiceScheduleItem,
  buildSubscription,
} from '../builders';
import { type ContractHarness, checkOk, day, numbers } from './harness';

/** A schedule with the given pending/processed items, for the due-date queries. */
function scheduleWith(
  number: string,
  accountNumber: string,
  items: readonly { runDate: string | null; status: InvoiceScheduleItem['status'] }[],
): InvoiceSchedule {
  return buildInvoiceSchedule({
    number,
    id: `id-${number}`,
    accountNumber,
    items: items.map((item, i) =>
      buildInvoiceScheduleItem({
        id: `${number}-item-${i + 1}`,
        sequence: i + 1,
        runDate: item.runDate,
        amount: '100.00',
        status: item.status,
        billedAmount: item.status === 'Processed' ? '100.00' : '0.00',
        invoiceNumber: item.status === 'Processed' ? `INV-${number}-${i + 1}` : null,
      }),
    ),
  });
}

/** A schedule's charge `c` of subscription `sub`, attached or detached. */
const charge = (sub: string, c: string, detached = false): ScheduleCharge => {
  const fields = {
    orderNumber: 'O-00000001',
    subscriptionNumber: sub,
    chargeNumber: c,
    billedAmount: buildInvoiceScheduleItem().billedAmount,
    servedThrough: null,
  };
  return detached
    ? {
        ...fields,
        detached: true,
        detachment: {
          subscriptionVersion: 1,
          processingMark: 0,
          value: '1200',
          total: fields.billedAmount,
          setValue: '3600',
        },
      }
    : { ...fields, detached: false, detachment: null };
};

/** The names of the query tests the broken-adapter catalogue cites. */
export const QUERIES = {
  dueOnNextRunDate:
    'queries > listWithItemsDue returns a schedule whose nextRunDate is the target date itself (inclusive), nothing pending: the credit due that day',
  anyLine:
    'queries > invoices.listByCharge and listBySchedule match an invoice on any of its lines, not only the first',
  latestVersion:
    "queries > every list follows a record's latest version: a subscription or schedule saved on another account, a schedule whose charges changed, an item dated or moved earlier, a nextRunDate pulled forward",
} as const;

/** A test's name within its group (the part after `group > `). */
const within = (name: string): string => name.slice(name.indexOf(' > ') + 3);

/** An invoice line of charge `c` of subscription `sub`, of a schedule's item when `schedule` is given. */
const line = (id: string, schedule: string | null, sub: string, c: string) =>
  buildInvoiceLine({
    id,
    invoiceScheduleNumber: schedule,
    invoiceScheduleItemId: schedule === null ? null : `${schedule}-i`,
    subscriptionNumber: sub,
    chargeNumber: c,
  });

/** The list queries: their filters, ordering, and the transaction's own writes. */
export function describeQueries<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit } = harness;
  describe('queries', () => {
    test('accounts.list returns every account ordered by number', async (store) => {
      await commit(store, async (r) => {
        for (const n of ['A00000003', 'A00000001', 'A00000002'])
          checkOk(await r.accounts.insert(buildAccount({ number: n, id: n })), n);
      });
      checkEqual(
        numbers(await commit(store, (r) => r.accounts.list(null, 100))),
        ['A00000001', 'A00000002', 'A00000003'],
        'accounts.list',
      );
    });

    test('accounts.list(after, limit) pages: at most limit accounts, numbered after `after`', async (store) => {
      await commit(store, async (r) => {
        for (const n of ['A00000005', 'A00000003', 'A00000001', 'A00000004', 'A00000002'])
          checkOk(await r.accounts.insert(buildAccount({ number: n, id: n })), n);
      });
      checkEqual(
        numbers(await commit(store, (r) => r.accounts.list(null, 2))),
        ['A00000001', 'A00000002'],
        'accounts.list(null, 2): the first page',
      );
      checkEqual(
        numbers(await commit(store, (r) => r.accounts.list('A00000002', 2))),
        ['A00000003', 'A00000004'],
        'accounts.list("A00000002", 2): strictly after the cursor',
      );
      checkEqual(
        numbers(await commit(store, (r) => r.accounts.list('A00000004', 2))),
        ['A00000005'],
        'accounts.list("A00000004", 2): the last page is short',
      );
      checkEqual(
        numbers(await commit(store, (r) => r.accounts.list('A00000005', 2))),
        [],
        'accounts.list past the last account: empty',
      );
      checkEqual(
        numbers(await commit(store, (r) => r.accounts.list('A00000002x', 1))),
        ['A00000003'],
        'accounts.list after a number that is not stored: from the next one',
      );
    });

    test("subscriptions.listByAccount returns only that account's subscriptions, ordered by number", async (store) => {
      await commit(store, async (r) => {
        for (const [n, account] of [
          ['S-00000003', 'A00000001'],
          ['S-00000001', 'A00000001'],
          ['S-00000002', 'A00000002'],
        ] as const) {
          checkOk(await r.subscriptions.save(buildSubscription({ number: n, accountNumber: account })), n);
        }
      });
      await commit(store, async (r) => {
        checkEqual(
          numbers(await r.subscriptions.listByAccount('A00000001')),
          ['S-00000001', 'S-00000003'],
          'A00000001',
        );
        checkEqual(numbers(await r.subscriptions.listByAccount('A00000002')), ['S-00000002'], 'A00000002');
        checkEqual(numbers(await r.subscriptions.listByAccount('A00000009')), [], 'unknown account');
      });
    });

    test("invoiceSchedules.listByAccount returns only that account's schedules, ordered by number, including the transaction's own writes", async (store) => {
      checkOk(
        await commit(store, (r) =>
          r.invoiceSchedules.save(
            buildInvoiceSchedule({ number: 'IS-00000003', accountNumber: 'A00000001' }),
          ),
        ),
        'save',
      );
      await commit(store, async (r) => {
        checkOk(
          await r.invoiceSchedules.save(
            buildInvoiceSchedule({ number: 'IS-00000001', accountNumber: 'A00000001' }),
          ),
          'save 1',
        );
        checkOk(
          await r.invoiceSchedules.save(
            buildInvoiceSchedule({ number: 'IS-00000002', accountNumber: 'A00000002' }),
          ),
          'save 2',
        );
        checkEqual(
          numbers(await r.invoiceSchedules.listByAccount('A00000001')),
          ['IS-00000001', 'IS-00000003'],
          'A00000001',
        );
        checkEqual(
          numbers(await r.invoiceSchedules.listByAccount('A00000002')),
          ['IS-00000002'],
          'A00000002',
        );
      });
    });

    /**
     * Saves schedules for the due-date tests. Due on 2023-05-01 (inclusive): IS-1 (run date on the
     * target), IS-2 (earlier, Executing), IS-4 (second item pending after a processed first),
     * IS-6 (other account). Not due: IS-3 (later), IS-5 (fully processed), IS-7 (blank run date).
     */
    async function saveDueFixtures(store: S): Promise<void> {
      const fixtures = [
        scheduleWith('IS-00000004', 'A00000001', [
          { runDate: '2023-01-01', status: 'Processed' },
          { runDate: '2023-04-01', status: 'Pending' },
        ]),
        scheduleWith('IS-00000002', 'A00000001', [{ runDate: '2023-03-01', status: 'Executing' }]),
        scheduleWith('IS-00000001', 'A00000001', [{ runDate: '2023-05-01', status: 'Pending' }]),
        scheduleWith('IS-00000003', 'A00000001', [{ runDate: '2023-05-02', status: 'Pending' }]),
        scheduleWith('IS-00000005', 'A00000001', [{ runDate: '2023-01-01', status: 'Processed' }]),
        scheduleWith('IS-00000006', 'A00000002', [{ runDate: '2023-02-01', status: 'Pending' }]),
        scheduleWith('IS-00000007', 'A00000001', [{ runDate: null, status: 'Pending' }]),
      ];
      await commit(store, async (r) => {
        for (const s of fixtures) checkOk(await r.invoiceSchedules.save(s), `save ${s.number}`);
      });
    }

    /**
     * The port allows returning more than the due schedules (the planner re-checks), never fewer,
     * and never schedules outside the filter; results are ordered by number without duplicates.
     */
    function checkDue(
      actual: readonly InvoiceSchedule[],
      required: readonly string[],
      allowed: readonly string[],
      what: string,
    ): void {
      const got = numbers(actual);
      for (const n of required)
        check(got.includes(n), `${what}: ${n} is due and must be returned (got ${JSON.stringify(got)})`);
      for (const n of got)
        check(allowed.includes(n), `${what}: ${n} must not be returned (outside the filter)`);
      checkEqual(got, [...new Set(got)].sort(), `${what}: ordered by number, without duplicates`);
    }

    const ALL = [
      'IS-00000001',
      'IS-00000002',
      'IS-00000003',
      'IS-00000004',
      'IS-00000005',
      'IS-00000006',
      'IS-00000007',
    ];
    const A1 = ALL.filter((n) => n !== 'IS-00000006');

    test('listWithItemsDue includes every schedule with an unprocessed item on or before the target date (inclusive)', async (store) => {
      await saveDueFixtures(store);
      await commit(store, async (r) => {
        checkDue(
          await r.invoiceSchedules.listWithItemsDue(day('2023-05-01'), {}),
          ['IS-00000001', 'IS-00000002', 'IS-00000004', 'IS-00000006'],
          ALL,
          'no filter',
        );
        checkDue(
          await r.invoiceSchedules.listWithItemsDue(day('2023-05-01'), {
            accountNumbers: [],
            invoiceScheduleNumbers: [],
          }),
          ['IS-00000001', 'IS-00000002', 'IS-00000004', 'IS-00000006'],
          ALL,
          'empty filter lists mean all',
        );
        checkDue(
          await r.invoiceSchedules.listWithItemsDue(day('2023-04-30'), {}),
          ['IS-00000002', 'IS-00000004', 'IS-00000006'],
          ALL,
          'the day before',
        );
        checkDue(
          await r.invoiceSchedules.listWithItemsDue(day('2023-05-02'), {}),
          ['IS-00000001', 'IS-00000002', 'IS-00000003', 'IS-00000004', 'IS-00000006'],
          ALL,
          'the day after',
        );
      });
    });

    test('listWithItemsDue returns paused schedules (the planner decides, decision 16) and schedules whose nextRunDate is reached with nothing pending (a credit due, §6.6)', async (store) => {
      const paused = buildInvoiceSchedule({
        ...scheduleWith('IS-00000011', 'A00000001', [{ runDate: '2023-03-01', status: 'Pending' }]),
        status: 'Paused',
        statusBeforePause: 'Pending',
      });
      const creditDue = buildInvoiceSchedule({
        ...scheduleWith('IS-00000012', 'A00000001', [{ runDate: '2023-01-01', status: 'Processed' }]),
        nextRunDateOverride: day('2023-04-01'),
        nextRunDate: day('2023-04-01'),
      });
      check(paused.status === 'Paused', 'fixture: IS-00000011 is paused');
      check(creditDue.nextRunDate === '2023-04-01', 'fixture: IS-00000012 has a credit due on 2023-04-01');
      await commit(store, async (r) => {
        for (const s of [paused, creditDue]) checkOk(await r.invoiceSchedules.save(s), `save ${s.number}`);
      });
      await commit(store, async (r) => {
        const both = ['IS-00000011', 'IS-00000012'];
        checkDue(
          await r.invoiceSchedules.listWithItemsDue(day('2023-05-01'), {}),
          both,
          both,
          'paused and credit due',
        );
        checkDue(
          await r.invoiceSchedules.listWithItemsDue(day('2023-03-31'), {}),
          ['IS-00000011'],
          both,
          'the credit is not due before its date',
        );
      });
    });

    test(within(QUERIES.dueOnNextRunDate), async (store) => {
      // A credit due (§6.6) waits on nextRunDate with nothing pending: a run on that very date issues it. With
      // `next_run_date < $1` it would wait for a later run, and a run restricted to the schedule on its date
      // would issue nothing.
      const creditDue = buildInvoiceSchedule({
        ...scheduleWith('IS-00000031', 'A00000001', [
          { runDate: '2023-01-01', status: 'Processed' },
          { runDate: '2023-02-01', status: 'Processed' },
        ]),
        nextRunDateOverride: day('2023-06-01'),
        nextRunDate: day('2023-06-01'),
      });
      check(
        creditDue.nextRunDate === '2023-06-01' && creditDue.items.every((i) => i.status === 'Processed'),
        'fixture: IS-00000031 has its items Processed and a credit due on 2023-06-01',
      );
      checkOk(await commit(store, (r) => r.invoiceSchedules.save(creditDue)), 'save IS-00000031');
      await commit(store, async (r) => {
        for (const filter of [
          {},
          { invoiceScheduleNumbers: ['IS-00000031'] },
          { accountNumbers: ['A00000001'] },
        ])
          checkDue(
            await r.invoiceSchedules.listWithItemsDue(day('2023-06-01'), filter),
            ['IS-00000031'],
            ['IS-00000031'],
            `listWithItemsDue(2023-06-01, ${JSON.stringify(filter)}) of IS-00000031, nextRunDate 2023-06-01, nothing pending`,
          );
      });
    });

    test('listWithItemsDue returns a schedule for a due item alone: a Pending or Executing item on or before the target date, its nextRunDate later or null', async (store) => {
      // The item clause on its own: nextRunDate does not make these schedules due on 2023-03-01, their
      // item of 2023-02-04 does. A nextRunDate later than a pending item is a pull-forward left over (a
      // revert of 0.1.0 kept it); the codecs accept a null one, so a store cannot lean on either.
      const item = (status: InvoiceScheduleItem['status']) => [{ runDate: '2023-02-04', status }] as const;
      const later = (number: string, status: InvoiceScheduleItem['status']) =>
        buildInvoiceSchedule({
          ...scheduleWith(number, 'A00000001', item(status)),
          nextRunDateOverride: day('2023-06-01'),
          nextRunDate: day('2023-06-01'),
        });
      const fixtures = [
        later('IS-00000021', 'Pending'),
        later('IS-00000022', 'Executing'),
        buildInvoiceSchedule({
          ...scheduleWith('IS-00000023', 'A00000001', item('Pending')),
          nextRunDate: null,
        }),
      ];
      const shown = fixtures.map(
        (s) =>
          `${s.number} (nextRunDate ${String(s.nextRunDate)}, item ${s.items[0]?.runDate} ${s.items[0]?.status})`,
      );
      check(
        fixtures.every((s, i) => s.items[0]?.status === ['Pending', 'Executing', 'Pending'][i]) &&
          fixtures.map((s) => s.nextRunDate).join() === '2023-06-01,2023-06-01,',
        `fixtures: ${shown.join(', ')}`,
      );
      await commit(store, async (r) => {
        for (const s of fixtures) checkOk(await r.invoiceSchedules.save(s), `save ${s.number}`);
      });
      const all = numbers(fixtures);
      await commit(store, async (r) => {
        checkDue(
          await r.invoiceSchedules.listWithItemsDue(day('2023-03-01'), {}),
          all,
          all,
          `listWithItemsDue(2023-03-01) of ${shown.join(', ')}: an item not yet Processed (Pending or Executing) whose runDate is on or before the target date makes its schedule due, whatever its nextRunDate`,
        );
        checkDue(
          await r.invoiceSchedules.listWithItemsDue(day('2023-02-04'), {}),
          all,
          all,
          "listWithItemsDue(2023-02-04): the items' run date, inclusive",
        );
      });
    });

    test('listWithItemsDue honours the account filter, the schedule filter, and both together', async (store) => {
      await saveDueFixtures(store);
      await commit(store, async (r) => {
        const target = day('2023-05-01');
        checkDue(
          await r.invoiceSchedules.listWithItemsDue(target, { accountNumbers: ['A00000001'] }),
          ['IS-00000001', 'IS-00000002', 'IS-00000004'],
          A1,
          'account filter',
        );
        checkDue(
          await r.invoiceSchedules.listWithItemsDue(target, { accountNumbers: ['A00000002', 'A00000009'] }),
          ['IS-00000006'],
          ['IS-00000006'],
          'account filter with an unknown account',
        );
        checkDue(
          await r.invoiceSchedules.listWithItemsDue(target, {
            invoiceScheduleNumbers: ['IS-00000002', 'IS-00000003', 'IS-00000006'],
          }),
          ['IS-00000002', 'IS-00000006'],
          ['IS-00000002', 'IS-00000003', 'IS-00000006'],
          'schedule filter',
        );
        checkDue(
          await r.invoiceSchedules.listWithItemsDue(target, {
            accountNumbers: ['A00000001'],
            invoiceScheduleNumbers: ['IS-00000002', 'IS-00000006'],
          }),
          ['IS-00000002'],
          ['IS-00000002'],
          'both filters (AND)',
        );
      });
    });

    test('listByCharge (schedules) returns every schedule covering the charge, detached or not, ordered by number', async (store) => {
      await commit(store, async (r) => {
        checkOk(
          await r.invoiceSchedules.save(
            buildInvoiceSchedule({
              number: 'IS-00000012',
              charges: [charge('S-1', 'C-1'), charge('S-1', 'C-2')],
            }),
          ),
          'IS-12',
        );
        checkOk(
          await r.invoiceSchedules.save(
            buildInvoiceSchedule({ number: 'IS-00000011', charges: [charge('S-1', 'C-1', true)] }),
          ),
          'IS-11',
        );
        checkOk(
          await r.invoiceSchedules.save(
            buildInvoiceSchedule({ number: 'IS-00000013', charges: [charge('S-2', 'C-1')] }),
          ),
          'IS-13',
        );
      });
      await commit(store, async (r) => {
        checkEqual(
          numbers(await r.invoiceSchedules.listByCharge('S-1', 'C-1')),
          ['IS-00000011', 'IS-00000012'],
          'S-1/C-1',
        );
        checkEqual(numbers(await r.invoiceSchedules.listByCharge('S-1', 'C-2')), ['IS-00000012'], 'S-1/C-2');
        checkEqual(
          numbers(await r.invoiceSchedules.listByCharge('S-2', 'C-1')),
          ['IS-00000013'],
          'the charge number alone must not match',
        );
        checkEqual(numbers(await r.invoiceSchedules.listByCharge('S-9', 'C-9')), [], 'unknown charge');
      });
    });

    // A SQL adapter filters on columns and side tables derived from the record (account, charges, the next due
    // day). Written on insert and left alone by a compare-and-set UPDATE, they answer for the first version: a
    // schedule that followed its subscriptions to a new owner (§8.8) is never billed there, a charge a schedule
    // took over by an update is scheduled twice, an item dated later is never due (review 100).
    test(within(QUERIES.latestVersion), async (store) => {
      const pending = (runDate: string | null) =>
        buildInvoiceScheduleItem({
          id: `item-${runDate ?? 'blank'}`,
          sequence: 1,
          runDate,
          amount: '100.00',
          status: 'Pending',
          billedAmount: '0.00',
          invoiceNumber: null,
        });
      const sub = buildSubscription({ number: 'S-00000031', accountNumber: 'A00000001' });
      // IS-31: a blank run date, on A00000001, covering S-31/C-1 (charge keys only: no stored subscription needs them).
      // IS-32: due 2023-09-01. IS-33: due 2023-09-01.
      const is31 = buildInvoiceSchedule({
        number: 'IS-00000031',
        id: 'id-IS-00000031',
        accountNumber: 'A00000001',
        charges: [charge('S-31', 'C-1')],
        items: [pending(null)],
      });
      const is32 = buildInvoiceSchedule({
        number: 'IS-00000032',
        id: 'id-IS-00000032',
        accountNumber: 'A00000001',
        items: [pending('2023-09-01')],
      });
      const is33 = buildInvoiceSchedule({
        number: 'IS-00000033',
        id: 'id-IS-00000033',
        accountNumber: 'A00000001',
        items: [pending('2023-09-01')],
      });
      await commit(store, async (r) => {
        checkOk(await r.subscriptions.save(sub), 'save S-00000031');
        for (const s of [is31, is32, is33]) checkOk(await r.invoiceSchedules.save(s), `save ${s.number}`);
      });
      // Version 2 of each, in a later transaction: S-31 and IS-31 on A00000002, IS-31 covering S-32/C-1 and
      // dated 2023-02-01, IS-32's item moved to 2023-02-10, IS-33's nextRunDate pulled forward to 2023-02-15 (a
      // credit due, §6.6) with its item still on 2023-09-01.
      await commit(store, async (r) => {
        checkOk(
          await r.subscriptions.save({ ...sub, accountNumber: 'A00000002', version: 2 }),
          'save S-00000031 v2',
        );
        const saves = [
          buildInvoiceSchedule({
            number: 'IS-00000031',
            id: 'id-IS-00000031',
            accountNumber: 'A00000002',
            charges: [charge('S-32', 'C-1')],
            items: [pending('2023-02-01')],
            version: 2,
          }),
          buildInvoiceSchedule({
            number: 'IS-00000032',
            id: 'id-IS-00000032',
            accountNumber: 'A00000001',
            items: [pending('2023-02-10')],
            version: 2,
          }),
          buildInvoiceSchedule({
            number: 'IS-00000033',
            id: 'id-IS-00000033',
            accountNumber: 'A00000001',
            items: [pending('2023-09-01')],
            nextRunDateOverride: day('2023-02-15'),
            version: 2,
          }),
        ];
        for (const s of saves) checkOk(await r.invoiceSchedules.save(s), `save ${s.number} v2`);
      });
      await commit(store, async (r) => {
        checkEqual(
          numbers(await r.subscriptions.listByAccount('A00000001')),
          [],
          'subscriptions of A00000001',
        );
        checkEqual(
          numbers(await r.subscriptions.listByAccount('A00000002')),
          ['S-00000031'],
          'subscriptions of A00000002 (S-00000031 saved on it at version 2)',
        );
        checkEqual(
          numbers(await r.invoiceSchedules.listByAccount('A00000001')),
          ['IS-00000032', 'IS-00000033'],
          'schedules of A00000001',
        );
        checkEqual(
          numbers(await r.invoiceSchedules.listByAccount('A00000002')),
          ['IS-00000031'],
          'schedules of A00000002 (IS-00000031 saved on it at version 2)',
        );
        checkEqual(
          numbers(await r.invoiceSchedules.listByCharge('S-31', 'C-1')),
          [],
          'S-31/C-1 (no longer covered)',
        );
        checkEqual(
          numbers(await r.invoiceSchedules.listByCharge('S-32', 'C-1')),
          ['IS-00000031'],
          'S-32/C-1 (covered from version 2)',
        );
        const due = '2023-03-01';
        checkDue(
          await r.invoiceSchedules.listWithItemsDue(day(due), {}),
          ['IS-00000031', 'IS-00000032', 'IS-00000033'],
          ['IS-00000031', 'IS-00000032', 'IS-00000033'],
          `listWithItemsDue(${due}): an item dated, an item moved earlier, a nextRunDate pulled forward`,
        );
        checkDue(
          await r.invoiceSchedules.listWithItemsDue(day(due), { accountNumbers: ['A00000002'] }),
          ['IS-00000031'],
          ['IS-00000031'],
          `listWithItemsDue(${due}, A00000002)`,
        );
        checkDue(
          await r.invoiceSchedules.listWithItemsDue(day(due), { accountNumbers: ['A00000001'] }),
          ['IS-00000032', 'IS-00000033'],
          ['IS-00000032', 'IS-00000033'],
          `listWithItemsDue(${due}, A00000001): IS-00000031 left it at version 2`,
        );
      });
    });

    test('invoices.listBySchedule and listByCharge return the invoices with a matching line, ordered by number', async (store) => {
      await commit(store, async (r) => {
        checkOk(
          await r.invoices.save(
            buildInvoice({
              number: 'INV00000003',
              lines: [line('a', 'IS-00000001', 'S-1', 'C-1'), line('b', 'IS-00000002', 'S-2', 'C-2')],
            }),
          ),
          'INV3',
        );
        checkOk(
          await r.invoices.save(
            buildInvoice({ number: 'INV00000001', lines: [line('c', 'IS-00000001', 'S-1', 'C-1')] }),
          ),
          'INV1',
        );
        checkOk(
          await r.invoices.save(
            buildInvoice({ number: 'INV00000002', lines: [line('d', null, 'S-1', 'C-3')] }),
          ),
          'INV2',
        );
      });
      await commit(store, async (r) => {
        checkEqual(
          numbers(await r.invoices.listBySchedule('IS-00000001')),
          ['INV00000001', 'INV00000003'],
          'IS-00000001',
        );
        checkEqual(numbers(await r.invoices.listBySchedule('IS-00000002')), ['INV00000003'], 'IS-00000002');
        checkEqual(numbers(await r.invoices.listBySchedule('IS-00000009')), [], 'unknown schedule');
        checkEqual(
          numbers(await r.invoices.listByCharge('S-1', 'C-1')),
          ['INV00000001', 'INV00000003'],
          'S-1/C-1',
        );
        checkEqual(
          numbers(await r.invoices.listByCharge('S-1', 'C-3')),
          ['INV00000002'],
          'S-1/C-3 (line without a schedule)',
        );
        checkEqual(
          numbers(await r.invoices.listByCharge('S-2', 'C-1')),
          [],
          'subscription and charge must both match',
        );
      });
    });

    test(within(QUERIES.anyLine), async (store) => {
      // A schedule refuses a charge an invoice bills (ChargeAlreadyBilled) as listByCharge finds it, and a detached
      // charge's documents are read through it: an invoice that bills the charge on a later line bills it too.
      await commit(store, async (r) => {
        checkOk(
          await r.invoices.save(
            buildInvoice({
              number: 'INV00000011',
              lines: [
                line('a', 'IS-00000001', 'S-1', 'C-1'),
                line('b', 'IS-00000002', 'S-2', 'C-2'),
                line('c', 'IS-00000003', 'S-3', 'C-3'),
              ],
            }),
          ),
          'INV11',
        );
        checkOk(
          await r.invoices.save(
            buildInvoice({ number: 'INV00000012', lines: [line('d', 'IS-00000003', 'S-3', 'C-3')] }),
          ),
          'INV12',
        );
      });
      await commit(store, async (r) => {
        for (const [sub, c, expected] of [
          ['S-2', 'C-2', ['INV00000011']],
          ['S-3', 'C-3', ['INV00000011', 'INV00000012']],
        ] as const)
          checkEqual(
            numbers(await r.invoices.listByCharge(sub, c)),
            expected,
            `invoices.listByCharge(${sub}, ${c}): INV00000011 bills it on its line ${sub === 'S-2' ? 2 : 3}`,
          );
        checkEqual(
          numbers(await r.invoices.listBySchedule('IS-00000003')),
          ['INV00000011', 'INV00000012'],
          'invoices.listBySchedule(IS-00000003): INV00000011 has it on its third line',
        );
      });
    });
  });
}
