// Completing a completed run returns it unchanged (docs/guides/bill-runs.md). A completed run with no account
// parts — written before 0.2.0, when runs kept no parts, or seeded by a host (buildBillRun's default) — was
// summed from nothing: completeBillRun saved version 2 with 0 items and no invoices (review 111).
import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_SETTINGS } from '../../src/domain/settings';
import { completeBillRun, getBillRun } from '../../src/index';
import { createMemoryStore, createSequentialIds } from '../../src/memory';
import { buildBillRun } from '../../src/testing';
import { fixedClock } from '../../src/time/clock';
import { expectOk } from '../support/billing';

describe('completing a completed run with no parts', () => {
  it.each(['Completed', 'CompletedWithErrors'] as const)(
    'a %s run keeps its summary and version; nothing is saved',
    async (status) => {
      const seeded = buildBillRun(
        status === 'Completed'
          ? {}
          : {
              status,
              failures: [{ accountNumber: 'A-002', errorType: 'VersionConflict', message: 'changed' }],
            },
      );
      const store = createMemoryStore({ initial: { billRuns: [seeded] } });
      const context = {
        store,
        clock: fixedClock('2023-02-05T12:00:00Z'),
        ids: createSequentialIds(),
        settings: DEFAULT_TENANT_SETTINGS,
      };
      const completed = expectOk(await completeBillRun(context, { billRunNumber: 'BR-00000001' }));
      const read = expectOk(await getBillRun(context, 'BR-00000001'));
      for (const run of [completed, read])
        expect([
          run.status,
          run.version,
          run.itemsProcessed,
          run.invoiceNumbers,
          run.failures.length,
        ]).toEqual([status, 1, 1, ['INV00000001'], status === 'Completed' ? 0 : 1]);
    },
  );
});
