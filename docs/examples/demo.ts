// The main job (`npm run demo`): the C01 order — four subscriptions worth 70,200.00 — billed on
// an invoice schedule of three items by a daily bill run through 2023, on the in-memory store.
//
// `npm run demo -- --store pglite` runs the same job on PostgreSQL in-process (PGlite) with its data in a
// folder (`--data`, default .tmp/demo-pglite): a second run continues from what the first saved — the
// schedule is there, and each day's bill run is keyed by its date, so the days already billed return their
// run and bill nothing again; a first run stopped during its set-up leaves steps the second skips.
// `--until 2023-06-30` stops the year early (run again without it to finish).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  getInvoice,
  getInvoiceSchedule,
  type IdGenerator,
  type InvoiceSchedule,
  postInvoice,
  renderTable,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  scheduleItemRows,
  type UnitOfWork,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';
import { createPostgresStore, migrate } from 'invoice-schedules/postgres';
import { addDays, businessDate, isOnOrBefore, parseBusinessDate } from 'invoice-schedules/time';

const USAGE = 'usage: npm run demo -- [--store memory|pglite] [--data DIR] [--until YYYY-MM-DD]';

/**
 * The command line, checked: `--help` prints the usage (exit 0); a flag or value the demo does not know says what
 * to fix, and exits with 2.
 */
function readArgs() {
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        store: { type: 'string', default: 'memory' },
        data: { type: 'string', default: '.tmp/demo-pglite' },
        until: { type: 'string', default: '2023-12-31' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      console.log(
        `${USAGE}\nBills the C01 order on an invoice schedule through --until (default 2023-12-31), on the memory store or on PGlite with its data in --data (default .tmp/demo-pglite), where a second run continues from what the first saved.`,
      );
      process.exit(0);
    }
    if (values.store !== 'memory' && values.store !== 'pglite')
      throw new Error(`--store is memory or pglite, not ${values.store}`);
    const until = parseBusinessDate(values.until);
    if (until.isErr()) throw new Error(`--until: ${until.error.message}`);
    return { store: values.store, data: values.data, until: until.value };
  } catch (error) {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
}
const args = readArgs();

/** The memory store, or PGlite with its data in a folder (migrated on every start: a no-op once done). */
async function openStore(): Promise<{ store: UnitOfWork; ids: IdGenerator; close: () => Promise<void> }> {
  if (args.store === 'memory') {
    return { store: createMemoryStore(), ids: createSequentialIds(), close: async () => undefined };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  mkdirSync(args.data, { recursive: true });
  const db = new PGlite(args.data);
  const report = await migrate(db);
  console.log(`PGlite in ${args.data}: schema ${report.schema} at version ${report.version}\n`);

  // Ids must stay unique across runs of the demo: random, not counted from 1 in each process.
  return { store: createPostgresStore(db), ids: { next: () => randomUUID() }, close: () => db.close() };
}

const { store, ids, close } = await openStore();
const settings = { ...DEFAULT_TENANT_SETTINGS, timeZone: 'America/New_York' };
// Every operation gets the clock it should see; the demo moves it one day at a time.
const at = (instant: string): BillingContext => ({ store, ids, settings, clock: fixedClock(instant) });
let context = at('2023-01-01T15:00:00Z');

// A second run on saved data finds the schedule (the first schedule's number) and goes on from there.
const saved = await getInvoiceSchedule(context, 'IS-00000001');
const schedule: InvoiceSchedule = saved.isOk() ? saved.value : await setUp();
if (saved.isOk()) console.log(`Found ${schedule.number} saved by an earlier run: continuing.\n`);

/**
 * A set-up step's answer: Ok, or the refusal a step gives for what a run stopped during its set-up saved
 * already (the account or order exists: `VersionConflict`; the order is active: `OrderAlreadyActivated`).
 */
function doneOrSavedBefore(answer: { isErr(): boolean; error?: unknown }, savedBefore: string): void {
  if (!answer.isErr()) return;
  const error = answer.error as { readonly type: string; readonly message: string };
  if (error.type !== savedBefore) throw new Error(error.message);
}

async function setUp(): Promise<InvoiceSchedule> {
  doneOrSavedBefore(
    await saveNewAccount(context, { id: 'acc-1', number: 'A00000001', name: 'Acme Corp', currency: 'USD' }),
    'VersionConflict',
  );

  const subscription = (number: string, charge: string, price: string) => ({
    type: 'CreateSubscription',
    subscriptionNumber: number,
    termType: 'Termed',
    termStart: '2023-01-01',
    termEnd: '2023-12-31',
    ratePlans: [
      {
        id: `plan-${number}`,
        name: 'Annual platform fee',
        charges: [
          {
            number: charge,
            name: `Platform ${charge}`,
            type: 'Recurring',
            price,
            listPriceBase: 'Year',
            billingPeriod: 'Annual',
          },
        ],
      },
    ],
  });
  doneOrSavedBefore(
    await saveNewOrder(context, {
      number: 'O-0001',
      accountNumber: 'A00000001',
      orderDate: '2023-01-01',
      actions: [
        subscription('S1', 'C1', '36900.00'),
        subscription('S2', 'C2', '21500.00'),
        subscription('S3', 'C3', '11000.00'),
        subscription('S4', 'C4', '800.00'),
      ],
    }),
    'VersionConflict',
  );
  doneOrSavedBefore(await activateSavedOrder(context, { orderNumber: 'O-0001' }), 'OrderAlreadyActivated');

  const created = (
    await createInvoiceSchedule(context, {
      accountNumber: 'A00000001',
      orders: ['O-0001'],
      notes: '2023 billing schedule',
      items: [
        { name: 'Kick-off', runDate: '2023-02-04', amount: '50000.00' },
        { name: 'Mid-year', runDate: '2023-05-01', amount: '14000.00' },
        { name: 'Final', runDate: '2023-09-16', amount: '6200.00' },
      ],
    })
  )._unsafeUnwrap();
  console.log(
    `Created ${created.number}: total ${created.totalAmount.toFixed(2)} ${created.currency}, next run ${created.nextRunDate}\n`,
  );
  return created;
}

// A daily bill run at 10:00 New York time through the year; each invoice is posted when it appears.
const lastDay = args.until;
for (let day = businessDate(2023, 1, 1); isOnOrBefore(day, lastDay); day = addDays(day, 1)) {
  context = at(`${day}T15:00:00Z`);
  // Keyed by the day: on saved data, a day already billed returns its run and bills nothing again.
  const billRun = (await runBillRun(context, { idempotencyKey: `daily-${day}` }))._unsafeUnwrap();
  for (const invoiceNumber of billRun.invoiceNumbers) {
    const posted = await postInvoice(context, { invoiceNumber });
    // On saved data, an earlier run of the demo posted it already.
    const invoice = posted.isOk() ? posted.value : (await getInvoice(context, invoiceNumber))._unsafeUnwrap();
    console.log(
      `${billRun.number} on ${day}: ${invoice.number} ${invoice.amount.toFixed(2)} (${invoice.status})`,
    );
    for (const line of invoice.lines) {
      console.log(
        `    ${line.subscriptionNumber}/${line.chargeNumber}  ${line.amount.toFixed(2).padStart(10)}  ${line.serviceStartDate} → ${line.serviceEndDate}`,
      );
    }
  }
}

const final = (await getInvoiceSchedule(context, schedule.number))._unsafeUnwrap();
console.log(
  `\n${final.number}  ${final.status}  total ${final.totalAmount.toFixed(2)}  actual ${final.actualAmount.toFixed(2)}  billed ${final.billedAmount.toFixed(2)}  unbilled ${final.unbilledAmount.toFixed(2)}  next run ${final.nextRunDate ?? '-'}\n`,
);
console.log('Schedule Items');
console.log(renderTable(scheduleItemRows(final)));
const lastNumber = final.items.flatMap((i) => (i.invoiceNumber === null ? [] : [i.invoiceNumber])).at(-1);
if (lastNumber !== undefined) {
  const last = (await getInvoice(context, lastNumber))._unsafeUnwrap();
  console.log(`\nLast invoice ${last.number} dated ${last.invoiceDate}: ${last.amount.toFixed(2)}`);
}
await close();
