// Bill run records for property tests: every kind, running or completed, with or without failures.
import * as fc from 'fast-check';
import type { BillRun } from '../../domain/billing/bill-run';
import { deepFreeze } from '../freeze';
import { arbBusinessDate, arbKey, arbText } from './generators';

/**
 * Bill run records of every kind, running or completed, with or without failed accounts; a running run over
 * accounts with no summary (items processed 0, no documents: its parts hold the progress).
 * @since 0.1.0
 */
export function arbBillRun(): fc.Arbitrary<BillRun> {
  return fc
    .record({
      number: arbKey('BR-'),
      kind: fc.constantFrom('BillRun', 'ScheduleExecution', 'AccountDocuments'),
      running: fc.boolean(),
      includePausedSchedules: fc.boolean(),
      itemId: fc.option(fc.constant('InvoiceScheduleItem-000001'), { nil: null }),
      version: fc.integer({ min: 1, max: 5 }),
      targetDate: arbBusinessDate(),
      seconds: fc.integer({ min: 0, max: 86_399 }),
      accountNumbers: fc.array(arbKey('A'), { maxLength: 3 }),
      invoiceScheduleNumbers: fc.array(arbKey('IS-'), { maxLength: 3 }),
      itemsProcessed: fc.nat({ max: 50 }),
      invoiceNumbers: fc.array(arbKey('INV'), { maxLength: 4 }),
      failures: fc.array(
        fc.record({
          accountNumber: arbKey('A'),
          errorType: fc.constant('VersionConflict'),
          message: arbText,
        }),
        {
          maxLength: 2,
        },
      ),
    })
    .map((b): BillRun => {
      const fields = {
        id: `${b.number}-id`,
        number: b.number,
        targetDate: b.targetDate,
        createdAt: `${b.targetDate}T${clockTime(b.seconds)}.000Z`,
        accountNumbers: b.accountNumbers,
        invoiceScheduleNumbers: b.invoiceScheduleNumbers,
        itemsProcessed: b.itemsProcessed,
        invoiceNumbers: b.invoiceNumbers,
        creditMemoNumbers: [],
        version: b.version,
      };
      if (b.kind === 'ScheduleExecution') {
        return deepFreeze({
          ...fields,
          kind: 'ScheduleExecution' as const,
          invoiceScheduleItemId: b.itemId,
          status: 'Completed' as const,
          failures: [],
        });
      }
      if (b.kind === 'AccountDocuments') {
        return deepFreeze({
          ...fields,
          kind: 'AccountDocuments' as const,
          status: 'Completed' as const,
          failures: [],
        });
      }
      return deepFreeze({
        ...fields,
        // While Running, a run over accounts holds no summary: its accounts' parts hold the progress.
        ...(b.running ? { itemsProcessed: 0, invoiceNumbers: [] } : {}),
        kind: 'BillRun' as const,
        includePausedSchedules: b.includePausedSchedules,
        status: b.running
          ? ('Running' as const)
          : b.failures.length > 0
            ? ('CompletedWithErrors' as const)
            : ('Completed' as const),
        failures: b.running ? [] : b.failures,
      });
    });
}

function clockTime(seconds: number): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}
