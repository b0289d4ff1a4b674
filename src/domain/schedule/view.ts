import { getCurrency } from '../../money/currency';
import { formatAmount } from '../../money/money';
import type { InvoiceSchedule } from './schedule';

/**
 * One row of the schedule detail page's "Schedule Items" table (reference §2.2), as display
 * strings: amounts at the currency scale, `-` where the page shows nothing.
 * @category Presentation
 * @since 0.1.0
 */
export type ScheduleItemRow = {
  readonly '#': string;
  readonly Name: string;
  readonly 'Run Date': string;
  readonly Amount: string;
  readonly 'Actual Amount To Bill': string;
  readonly 'Billed Amount': string;
  readonly 'Target Date': string;
  readonly 'Schedule Item Status': string;
  readonly 'Billing Document': string;
};

/**
 * The "Schedule Items" table of a schedule, row per item in sequence order: billed amount `-`
 * while pending, billing documents as `INV… CM…`. Throws a `TypeError` for a value that is not a schedule the
 * library returned (an unknown currency).
 * @category Presentation
 * @since 0.1.0
 */
export function scheduleItemRows(schedule: InvoiceSchedule): readonly ScheduleItemRow[] {
  // A schedule the library returned always has a known currency; anything else is a programmer error, thrown
  // as an Error (neverthrow's unwrap threw the error value, a plain object without a stack).
  const known = getCurrency(schedule?.currency);
  if (known.isErr())
    throw new TypeError(
      `scheduleItemRows takes an invoice schedule the library returned: ${known.error.message}`,
    );
  const currency = known.value;
  const money = (x: Parameters<typeof formatAmount>[0]) => formatAmount(x, currency);
  const rows = schedule.items.map((item) => {
    const documents = [...(item.invoiceNumber ? [item.invoiceNumber] : []), ...item.creditMemoNumbers];
    return Object.freeze({
      '#': String(item.sequence),
      Name: item.name ?? '-',
      'Run Date': item.runDate ?? '-',
      Amount: money(item.amount),
      'Actual Amount To Bill': money(item.actualAmount),
      'Billed Amount': item.status === 'Processed' && documents.length > 0 ? money(item.billedAmount) : '-',
      'Target Date': item.targetDateForAdditionalSubscriptions ?? item.runDate ?? '-',
      'Schedule Item Status': item.status,
      'Billing Document': documents.length > 0 ? documents.join(' ') : '-',
    });
  });
  return Object.freeze(rows);
}

/**
 * Renders rows (e.g. {@link scheduleItemRows}) as a plain-text table with aligned columns:
 * amounts right-aligned, everything else left-aligned.
 * @category Presentation
 * @since 0.1.0
 */
export function renderTable(rows: readonly Readonly<Record<string, string>>[]): string {
  const first = rows[0];
  if (!first) return '';
  const headers = Object.keys(first);
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => (r[h] ?? '').length)));
  const numeric = headers.map((h) => rows.every((r) => /^-?[\d,.]+$|^-$/.test(r[h] ?? '')));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join(' | ')
      .trimEnd();
  return [
    line(headers),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...rows.map((r) => line(headers.map((h) => r[h] ?? ''))),
  ].join('\n');
}
