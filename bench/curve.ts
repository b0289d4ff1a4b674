// `npm run bench -- --curve [--sizes 1000,3000,10000,30000]`: the cost per item against the store's size,
// measured in one process (one workload per size, smallest first, after a warm-up), for the library and
// for the floor (the bare cascade of the same items). Prints the table and writes docs/performance.svg.
import { writeFileSync } from 'node:fs';
import { type ItemsReport, runItems } from './items.ts';

export interface CurvePoint {
  readonly items: number;
  /** µs per item: set-up and bill runs of the library. */
  readonly library: number;
  /** µs per item: the bill runs alone. */
  readonly bill: number;
  /** µs per item: the bare cascade. */
  readonly floor: number;
  /** µs per call on the full store. */
  readonly create: number;
  readonly orderChange: number;
  /** MiB: the process's peak RSS seen during this size's workload (read at each progress point). */
  readonly peakRss: number;
}

function point(r: ItemsReport): CurvePoint {
  const per = (s: number) => (s * 1e6) / r.items;
  return {
    items: r.items,
    library: per(r.setUpSeconds + r.billSeconds),
    bill: per(r.billSeconds),
    floor: per(r.floorSeconds),
    create: r.createMicros,
    orderChange: r.orderChangeMicros,
    peakRss: r.peakRssMiB,
  };
}

export async function curve(sizes: readonly number[], log: (line: string) => void): Promise<CurvePoint[]> {
  await runItems(300); // warm-up
  const out: CurvePoint[] = [];
  for (const n of sizes) {
    log(`measuring ${n} items`);
    out.push(point(await runItems(n)));
  }
  return out;
}

/** A small log-log chart: µs per item against items, the library (set-up + bill runs) and the floor. */
export function svg(points: readonly CurvePoint[]): string {
  const W = 640;
  const H = 360;
  const m = { left: 70, right: 20, top: 30, bottom: 50 };
  const xs = points.map((p) => Math.log10(p.items));
  const ys = points.flatMap((p) => [Math.log10(p.library), Math.log10(p.floor)]);
  const [x0, x1] = [Math.min(...xs) - 0.1, Math.max(...xs) + 0.1];
  const [y0, y1] = [Math.floor(Math.min(...ys)), Math.ceil(Math.max(...ys))];
  const X = (v: number) => m.left + ((v - x0) / (x1 - x0)) * (W - m.left - m.right);
  const Y = (v: number) => H - m.bottom - ((v - y0) / (y1 - y0)) * (H - m.top - m.bottom);
  const line = (key: 'library' | 'floor', color: string) =>
    `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points
      .map((p) => `${X(Math.log10(p.items)).toFixed(1)},${Y(Math.log10(p[key])).toFixed(1)}`)
      .join(' ')}"/>` +
    points
      .map(
        (p) =>
          `<circle cx="${X(Math.log10(p.items)).toFixed(1)}" cy="${Y(Math.log10(p[key])).toFixed(1)}" r="3" fill="${color}"/>`,
      )
      .join('');
  const yTicks = Array.from({ length: y1 - y0 + 1 }, (_, i) => y0 + i)
    .map(
      (t) =>
        `<line x1="${m.left}" x2="${W - m.right}" y1="${Y(t)}" y2="${Y(t)}" stroke="#ddd"/><text x="${m.left - 8}" y="${Y(t) + 4}" text-anchor="end" font-size="12">${10 ** t} µs</text>`,
    )
    .join('');
  const xTicks = points
    .map(
      (p) =>
        `<text x="${X(Math.log10(p.items)).toFixed(1)}" y="${H - m.bottom + 18}" text-anchor="middle" font-size="12">${p.items.toLocaleString('en-US')}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">
<title>Cost per schedule item against the store's size: the library (set-up and bill runs) and the floor (the bare cascade), log-log</title>
<rect width="${W}" height="${H}" fill="white"/>
<text x="${W / 2}" y="18" text-anchor="middle" font-size="14">Cost per schedule item against the store's size (log-log)</text>
${yTicks}${xTicks}
<text x="${W / 2}" y="${H - 12}" text-anchor="middle" font-size="12">schedule items in the store</text>
${line('library', '#1f77b4')}${line('floor', '#ff7f0e')}
<text x="${W - m.right - 200}" y="${m.top + 14}" font-size="12" fill="#1f77b4">library (set-up + bill runs)</text>
<text x="${W - m.right - 200}" y="${m.top + 30}" font-size="12" fill="#ff7f0e">floor (bare cascade)</text>
</svg>
`;
}

export async function runCurve(sizes: readonly number[], svgPath: string): Promise<void> {
  const points = await curve(sizes, (line) => process.stderr.write(`${line}\n`));
  console.log(
    'items | µs per item (set-up + bill) | µs per item (bill) | floor µs per item | library / floor | create µs/call | order change µs/call | peak RSS MiB',
  );
  for (const p of points) {
    console.log(
      `${String(p.items).padStart(6)} | ${p.library.toFixed(0).padStart(6)} | ${p.bill.toFixed(0).padStart(6)} | ${p.floor.toFixed(1).padStart(6)} | ${(p.library / p.floor).toFixed(0)}× | ${p.create.toFixed(0).padStart(6)} | ${p.orderChange.toFixed(0).padStart(6)} | ${p.peakRss.toFixed(0).padStart(6)}`,
    );
  }
  const first = points[0] as CurvePoint;
  const last = points[points.length - 1] as CurvePoint;
  console.log(
    `per-item cost at ${last.items} / at ${first.items}: ${(last.library / first.library).toFixed(2)}`,
  );
  writeFileSync(svgPath, svg(points));
  console.log(`wrote ${svgPath}`);
}
