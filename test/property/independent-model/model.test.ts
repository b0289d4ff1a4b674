// The independent model checked against the reference's worked figures before it is trusted as an
// oracle: C01, C06, C07, C08 (as decision 15 words it), C11's derived INV002 lines, C39.
import { describe, expect, it } from 'vitest';
import {
  billedTotalsOf,
  billSchedule,
  cascadeItem,
  type ModelCharge,
  type ModelLine,
  servicePeriodEnd,
  weightsOf,
} from './model';

function recurring(
  sub: string,
  number: string,
  units: bigint,
  startDate: string,
  endDate: string,
  termMonths: number,
): ModelCharge {
  return {
    subscriptionNumber: sub,
    chargeNumber: number,
    type: 'Recurring',
    startDate,
    endDate,
    termMonths,
    value: { num: units, den: 1n },
  };
}

const row = (l: ModelLine) => `${l.chargeNumber} ${l.amount} ${l.serviceStartDate} ${l.serviceEndDate}`;
const settings = { chargeGrouping: 'term', prorationDays: 'actual' } as const;

describe('the independent model reproduces the worked cases', () => {
  it('C01: 50,000 / 14,000 / 6,200 over 36,900 / 21,500 / 11,000 / 800 (cascade; periods 09-17, 11-29)', () => {
    const charges = [
      recurring('S1', 'C1', 3_690_000n, '2023-01-01', '2023-12-31', 12),
      recurring('S2', 'C2', 2_150_000n, '2023-01-01', '2023-12-31', 12),
      recurring('S3', 'C3', 1_100_000n, '2023-01-01', '2023-12-31', 12),
      recurring('S4', 'C4', 80_000n, '2023-01-01', '2023-12-31', 12),
    ];
    const result = billSchedule(charges, [5_000_000n, 1_400_000n, 620_000n], settings);
    expect(result.invoices.map((lines) => lines.map(row))).toEqual([
      [
        'C1 2628205 2023-01-01 2023-09-17',
        'C2 1531339 2023-01-01 2023-09-17',
        'C3 783476 2023-01-01 2023-09-17',
        'C4 56980 2023-01-01 2023-09-17',
      ],
      [
        'C1 735898 2023-09-17 2023-11-29',
        'C2 428775 2023-09-17 2023-11-29',
        'C3 219373 2023-09-17 2023-11-29',
        'C4 15954 2023-09-17 2023-11-29',
      ],
      [
        'C1 325897 2023-11-29 2023-12-31',
        'C2 189886 2023-11-29 2023-12-31',
        'C3 97151 2023-11-29 2023-12-31',
        'C4 7066 2023-11-29 2023-12-31',
      ],
    ]);
  });

  it('C06: a 1,200 item spills from the 2022 charge into the 2023 one (periods 03-13, 09-12, 09-13)', () => {
    const charges = [
      recurring('S1', 'C1', 100_000n, '2022-01-01', '2022-12-31', 12),
      recurring('S2', 'C2', 100_000n, '2023-01-01', '2023-12-31', 12),
    ];
    for (const chargeGrouping of ['term', 'startDate'] as const) {
      const result = billSchedule(charges, [120_000n, 50_000n, 30_000n], { ...settings, chargeGrouping });
      expect(result.invoices.map((lines) => lines.map(row))).toEqual([
        ['C1 100000 2022-01-01 2022-12-31', 'C2 20000 2023-01-01 2023-03-13'],
        ['C2 50000 2023-03-13 2023-09-12'],
        ['C2 30000 2023-09-13 2023-12-31'],
      ]);
    }
  });

  it('C07: staggered starts grouped by term; C2 takes the cent (10,451.62); C3 ends 12-03', () => {
    const charges = [
      recurring('S1', 'C1', 1_200_000n, '2023-01-01', '2023-12-31', 12),
      recurring('S2', 'C2', 1_200_000n, '2023-01-01', '2023-12-31', 12),
      recurring('S3', 'C3', 700_000n, '2023-06-01', '2023-12-31', 7),
      recurring('S4', 'C4', 1_200_000n, '2024-01-01', '2024-12-31', 12),
      recurring('S5', 'C5', 1_200_000n, '2024-01-01', '2024-12-31', 12),
      recurring('S6', 'C6', 1_200_000n, '2024-01-01', '2024-12-31', 12),
    ];
    const result = billSchedule(charges, [2_700_000n, 400_000n, 3_600_000n], settings);
    expect(result.groups).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(result.invoices.map((lines) => lines.map(row))).toEqual([
      [
        'C1 1045161 2023-01-01 2023-11-14',
        'C2 1045162 2023-01-01 2023-11-14',
        'C3 609677 2023-06-01 2023-12-03',
      ],
      [
        'C1 154839 2023-11-14 2023-12-31',
        'C2 154838 2023-11-14 2023-12-31',
        'C3 90323 2023-12-03 2023-12-31',
      ],
      [
        'C4 1200000 2024-01-01 2024-12-31',
        'C5 1200000 2024-01-01 2024-12-31',
        'C6 1200000 2024-01-01 2024-12-31',
      ],
    ]);
    // §7.2 (b): C3 starts later, so under `startDate` it is its own group, consumed after C1 and C2.
    const byStart = billSchedule(charges, [2_700_000n, 400_000n, 3_600_000n], {
      ...settings,
      chargeGrouping: 'startDate',
    });
    expect(byStart.groups).toEqual([[0, 1], [2], [3, 4, 5]]);
  });

  it('C08 / decision 15: the zero-priced charge gets a 0.00 line with the group period of each invoice', () => {
    const charges = [
      recurring('S1', 'C1', 200_000n, '2023-01-01', '2023-12-31', 12),
      recurring('S2', 'C2', 0n, '2023-01-01', '2023-12-31', 12),
    ];
    const result = billSchedule(charges, [100_000n, 50_000n, 50_000n], settings);
    expect(result.invoices.map((lines) => lines.map(row))).toEqual([
      ['C1 100000 2023-01-01 2023-06-30', 'C2 0 2023-01-01 2023-06-30'],
      ['C1 50000 2023-07-01 2023-09-30', 'C2 0 2023-07-01 2023-09-30'],
      ['C1 50000 2023-10-01 2023-12-31', 'C2 0 2023-10-01 2023-12-31'],
    ]);
  });

  it('C11 / decision 2: weights 30,750 / 17,916.67 / 9,166.67 / 666.67, INV002 lines 4,467.95 / 2,603.28 / 1,331.91 / 96.86', () => {
    const tenMonths = (yearly: bigint) => ({ num: yearly * 10n, den: 12n });
    const charges: ModelCharge[] = [3_690_000n, 2_150_000n, 1_100_000n, 80_000n].map((yearly, i) => ({
      ...recurring(`S${i + 1}`, `C${i + 1}`, 0n, '2023-01-01', '2023-10-31', 10),
      value: tenMonths(yearly),
    }));
    const weights = weightsOf(charges);
    expect(weights).toEqual([3_075_000n, 1_791_667n, 916_667n, 66_667n]);
    const totals = billedTotalsOf(charges, [0, 1, 2, 3]);
    expect(totals).toEqual([3_075_000n, 1_791_667n, 916_667n, 66_666n]);
    // INV001 billed C01's lines; item 2 (8,500) exhausts the group.
    const before = [2_628_205n, 1_531_339n, 783_476n, 56_980n];
    expect(cascadeItem(weights, totals, before, 5_850_000n)).toEqual([446_795n, 260_328n, 133_191n, 9_686n]);
  });

  it('C39: 6.7 months from 2022-01-01 ends 07-22 (actual days, partly consumed) or 07-21 (30 days)', () => {
    const charge = recurring('S1', 'C1', 1_200_000n, '2022-01-01', '2022-12-31', 12);
    expect(servicePeriodEnd(charge, 670_000n, 1_200_000n, 'actual')).toEqual({
      end: '2022-07-22',
      partial: true,
    });
    expect(servicePeriodEnd(charge, 670_000n, 1_200_000n, 'thirty')).toEqual({
      end: '2022-07-21',
      partial: false,
    });
  });

  it('§7.4 exact arithmetic: 200 / 1,400 × 12 months from 2023-01-01 is 1 month + exactly 20 days', () => {
    const charge = recurring('S1', 'C1', 140_000n, '2023-01-01', '2023-12-31', 12);
    expect(servicePeriodEnd(charge, 20_000n, 140_000n, 'actual')).toEqual({
      end: '2023-02-20',
      partial: false,
    });
  });
});
