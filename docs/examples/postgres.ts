// Guide: docs/guides/postgres.md — the PostgreSQL adapter on PGlite (PostgreSQL in-process, in memory
// here): migrate a schema per tenant, bill through the operations, and read the tables with plain SQL.
// With a server, pass a node-postgres Pool instead of the PGlite instance; nothing else changes.
import { PGlite } from '@electric-sql/pglite';
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
} from 'invoice-schedules';
import { createPostgresStore, migrate } from 'invoice-schedules/postgres';

function check(label: string, actual: unknown, expected: unknown): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${label}: expected ${e}, got ${a}`);
}

const db = new PGlite(); // new PGlite('./billing-data') keeps the data in a folder
// One schema per tenant: migrate creates it (and later versions' tables) once; running it again is a no-op.
for (const schema of ['tenant_acme', 'tenant_globex']) {
  const report = await migrate(db, { schema });
  console.log(`${report.schema}: version ${report.version}, applied ${report.applied.join(', ')}`);
}
// tenant_acme: version 9, applied 1, 2, 3, 4, 5, 6, 7, 8, 9
// tenant_globex: version 9, applied 1, 2, 3, 4, 5, 6, 7, 8, 9
check('second migrate', (await migrate(db, { schema: 'tenant_acme' })).applied, []);

let next = 0;
const context: BillingContext = {
  store: createPostgresStore(db, { schema: 'tenant_acme' }),
  ids: { next: (kind) => `${kind.toLowerCase()}-${++next}` }, // crypto.randomUUID() in production
  clock: fixedClock('2023-02-04T12:00:00Z'),
  settings: DEFAULT_TENANT_SETTINGS,
};

(
  await saveNewAccount(context, { id: 'acc-1', number: 'A-001', name: 'Acme', currency: 'USD' })
)._unsafeUnwrap();
(
  await saveNewOrder(context, {
    number: 'O-001',
    accountNumber: 'A-001',
    orderDate: '2023-01-01',
    actions: [
      {
        type: 'CreateSubscription',
        subscriptionNumber: 'S-001',
        termType: 'Termed',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        ratePlans: [
          {
            id: 'rp-1',
            name: 'Platform',
            charges: [
              {
                number: 'C1',
                name: 'Platform',
                type: 'Recurring',
                price: '1200.00',
                listPriceBase: 'Year',
                billingPeriod: 'Annual',
              },
            ],
          },
        ],
      },
    ],
  })
)._unsafeUnwrap();
(await activateSavedOrder(context, { orderNumber: 'O-001' }))._unsafeUnwrap();
(
  await createInvoiceSchedule(context, {
    accountNumber: 'A-001',
    orders: ['O-001'],
    items: [
      { runDate: '2023-02-01', amount: '700.00' },
      { runDate: '2023-08-01', amount: '500.00' },
    ],
  })
)._unsafeUnwrap();
const run = (await runBillRun(context, { targetDate: '2023-02-04' }))._unsafeUnwrap();
console.log(`${run.number} ${run.status}: ${run.invoiceNumbers.join(', ')}`);
// BR-00000001 Completed: INV00000001
check('run', [run.status, run.invoiceNumbers], ['Completed', ['INV00000001']]);

// The tables are plain SQL for reports: typed columns (numeric amounts, dates) beside the record (json).
const invoices = await db.query<{ number: string; invoice_date: string; amount: string; status: string }>(
  "SELECT number, to_char(invoice_date, 'YYYY-MM-DD') AS invoice_date, amount::text AS amount, status FROM tenant_acme.invoices ORDER BY number",
);
for (const row of invoices.rows) console.log(`${row.number} ${row.invoice_date} ${row.amount} ${row.status}`);
// INV00000001 2023-02-01 700.00 Draft
check('invoice row', invoices.rows, [
  { number: 'INV00000001', invoice_date: '2023-02-01', amount: '700.00', status: 'Draft' },
]);
// Tenants do not meet: the other schema is empty.
const globex = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tenant_globex.invoices');
check('other tenant', globex.rows[0]?.n, 0);
await db.close();
