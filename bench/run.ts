// Benchmarks (`npm run bench`): wall-clock timings of the hot paths on the in-memory store.
// Not part of `npm test` — timings vary with the machine; run it before and after a change and
// compare. Prints one line per benchmark: runs, mean and best milliseconds.

import { join } from 'node:path';
import {
  activateSavedOrder,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';
import { allocate, cascadeLines, getCurrency, money, toDec } from 'invoice-schedules/money';

// `npm run bench -- --curve [--sizes 1000,3000,10000,30000]`: cost per item against store size, and the chart.
if (process.argv.includes('--curve')) {
  const { runCurve } = await import('./curve.ts');
  const { CHECKSUM_300, workloadChecksum } = await import('./items.ts');
  const at = process.argv.indexOf('--sizes');
  const sizes = at >= 0 ? (process.argv[at + 1] ?? '').split(',').map(Number) : [1000, 3000, 10000, 30000];
  if (sizes.some((n) => !Number.isSafeInteger(n) || n < 3))
    throw new Error('--sizes takes whole numbers ≥ 3');
  if ((await workloadChecksum()) !== CHECKSUM_300) throw new Error('documents changed: the checksum differs');
  // BENCH_ROOT: the checkout, set by bench/bundle.ts (the bundle runs from node_modules/.cache).
  const root = process.env.BENCH_ROOT ?? new URL('..', import.meta.url).pathname;
  await runCurve(sizes, join(root, 'docs/performance.svg'));
  process.exit(0);
}

// `npm run bench -- --heap [--items N]`: heap per item after a full collection, after set-up and after the bill
// runs (default 30,000 items: 10,000 accounts).
if (process.argv.includes('--heap')) {
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  const { heapPerItem } = await import('./items.ts');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const at = process.argv.indexOf('--items');
  const n = at >= 0 ? Number(process.argv[at + 1]) : 30_000;
  if (!Number.isSafeInteger(n) || n < 3) throw new Error('--items takes a whole number ≥ 3');
  const r = await heapPerItem(n, gc);
  console.log(
    `items ${r.items}: heap per item after set-up ${r.afterSetUp.toFixed(0)} B, after the bill runs ${r.afterBillRuns.toFixed(0)} B`,
  );
  process.exit(0);
}

// `npm run bench -- --compare DIR [--items N] [--rounds R]`: this checkout against another, in one process.
if (process.argv.includes('--compare')) {
  const { runCompare } = await import('./compare.ts');
  await runCompare(process.argv.slice(2));
  process.exit(0);
}

// `npm run bench -- --store pglite|postgres [--items N] [--workers 1,4]`: the workload on the PostgreSQL adapter.
if (process.argv.includes('--store')) {
  const { runStoreBench } = await import('./store.ts');
  await runStoreBench(process.argv.slice(2));
  process.exit(0);
}

// `npm run bench -- --items N`: the issue-11 workload instead of the micro benchmarks (see bench/items.ts).
const itemsAt = process.argv.indexOf('--items');
if (itemsAt >= 0) {
  const { CHECKSUM_300, runItems, workloadChecksum } = await import('./items.ts');
  const n = Number(process.argv[itemsAt + 1]);
  if (!Number.isSafeInteger(n) || n < 3) throw new Error('--items takes a whole number ≥ 3');
  const sum = await workloadChecksum();
  if (sum !== CHECKSUM_300) throw new Error(`documents changed: checksum ${sum}, committed ${CHECKSUM_300}`);
  const r = await runItems(n, (line) => process.stderr.write(`${line}\n`));
  const perItem = (r.billSeconds * 1e6) / r.items;
  const floorPerItem = (r.floorSeconds * 1e6) / r.items;
  console.log(`items ${r.items}: checksum ok`);
  // bench/bundle.ts builds the library as published; `--source` runs it compiled file by file under tsx.
  console.log(
    `library: ${import.meta.url.endsWith('.mjs') ? 'built as published (no keepNames)' : 'from source under tsx (keepNames)'}`,
  );
  console.log(
    `set-up ${r.setUpSeconds.toFixed(1)} s (${((r.setUpSeconds * 1e6) / r.items).toFixed(0)} µs per item)`,
  );
  console.log(
    `bill runs ${r.billSeconds.toFixed(1)} s, ${(r.items / r.billSeconds).toFixed(0)} items/s, ${perItem.toFixed(0)} µs per item`,
  );
  console.log(
    `floor ${floorPerItem.toFixed(1)} µs per item; library / floor ${(perItem / floorPerItem).toFixed(0)}×`,
  );
  console.log(`peak RSS ${r.peakRssMiB.toFixed(0)} MiB`);
  console.log(
    `on the full store: createInvoiceSchedule ${r.createMicros.toFixed(0)} µs, order change ${r.orderChangeMicros.toFixed(0)} µs per call`,
  );
  process.exit(0);
}

async function bench(name: string, runs: number, body: () => Promise<void> | void): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await body();
    times.push(performance.now() - start);
  }
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(
    `${name.padEnd(58)} runs ${String(runs).padStart(4)}  mean ${mean.toFixed(2).padStart(9)} ms  best ${Math.min(
      ...times,
    )
      .toFixed(2)
      .padStart(9)} ms`,
  );
}

// The discount check of a large rate plan (issue 13's boundary work): 14.5 s before it was made n log n.
{
  const { parseRatePlan } = await import('../src/domain/order/parse-rate-plan.ts');
  const { CURRENCIES } = await import('../src/money/currency.ts');
  const charges = Array.from({ length: 64_000 }, (_, i) =>
    i % 2 === 0
      ? {
          number: `C${i}`,
          name: 'c',
          type: 'Recurring',
          price: '10.00',
          listPriceBase: 'Year',
          billingPeriod: 'Annual',
        }
      : { number: `D${i}`, name: 'd', type: 'DiscountPercentage', discountPercentage: '0.001' },
  );
  const term = { termType: 'Termed' as const, termStart: '2023-01-01', termEnd: '2025-12-31' } as never;
  await bench('parse a rate plan of 64,000 charges (half discounts)', 3, () => {
    const context = {
      currency: CURRENCIES.USD,
      chargeNumbers: new Map(),
      subscriptionNumbers: new Map(),
    } as never;
    if (parseRatePlan({ id: 'rp', name: 'rp', charges }, 'ratePlans[0]', term, context).isErr())
      throw new Error('the 64,000-charge plan was refused');
  });
}

const usd = getCurrency('USD')._unsafeUnwrap();
const amount = money('70200.00', 'USD')._unsafeUnwrap();
const ratios = Array.from({ length: 50 }, (_, i) => String(i + 1));
await bench('allocate 70,200.00 over 50 ratios', 2000, () => {
  allocate(amount, ratios)._unsafeUnwrap();
});
const totals = ['36900', '21500', '11000', '800'].map((x) => toDec(x));
await bench('cascadeLines, C01 INV002 (4 charges)', 2000, () => {
  cascadeLines({ totals, before: toDec('50000'), after: toDec('64000'), currency: usd });
});

/** N accounts, each with the C01 order and a three-item schedule; one bill run bills item 1 of all. */
async function billRunOver(accounts: number): Promise<void> {
  const store = createMemoryStore();
  const context = {
    store,
    ids: createSequentialIds(),
    clock: fixedClock('2023-01-01T12:00:00Z'),
    settings: DEFAULT_TENANT_SETTINGS,
  };
  for (let a = 0; a < accounts; a++) {
    const acc = `A${String(a).padStart(5, '0')}`;
    (await saveNewAccount(context, { id: acc, number: acc, name: acc, currency: 'USD' }))._unsafeUnwrap();
    (
      await saveNewOrder(context, {
        number: `O-${acc}`,
        accountNumber: acc,
        orderDate: '2023-01-01',
        actions: [
          ['C1', '36900.00'],
          ['C2', '21500.00'],
          ['C3', '11000.00'],
          ['C4', '800.00'],
        ].map(([c, price]) => ({
          type: 'CreateSubscription',
          subscriptionNumber: `${acc}-${c}`,
          termType: 'Termed',
          termStart: '2023-01-01',
          termEnd: '2023-12-31',
          ratePlans: [
            {
              id: `${acc}-${c}`,
              name: 'Plan',
              charges: [
                {
                  number: `${acc}-${c}`,
                  name: c,
                  type: 'Recurring',
                  price,
                  listPriceBase: 'Year',
                  billingPeriod: 'Annual',
                },
              ],
            },
          ],
        })),
      })
    )._unsafeUnwrap();
    (await activateSavedOrder(context, { orderNumber: `O-${acc}` }))._unsafeUnwrap();
    (
      await createInvoiceSchedule(context, {
        accountNumber: acc,
        orders: [`O-${acc}`],
        items: [
          { runDate: '2023-02-04', amount: '50000.00' },
          { runDate: '2023-05-01', amount: '14000.00' },
          { runDate: '2023-09-16', amount: '6200.00' },
        ],
      })
    )._unsafeUnwrap();
  }
  const run = (await runBillRun(context, { targetDate: '2023-02-04' }))._unsafeUnwrap();
  if (run.invoiceNumbers.length !== accounts)
    throw new Error(`expected ${accounts} invoices, got ${run.invoiceNumbers.length}`);
}
await bench('set up 50 accounts + bill run (C01 item 1 each)', 5, () => billRunOver(50));
await bench('set up 200 accounts + bill run (C01 item 1 each)', 2, () => billRunOver(200));
