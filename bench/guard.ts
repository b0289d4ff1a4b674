// `npm run bench:guard` (CI's full profile): the regression guard of issue 11. First the documents of the
// fixed 300-item workload must match the committed checksum; then the cost per item of a 10,000-item run
// must stay within 2× of a 1,000-item run's, measured in this process one after the other (a ratio, not a
// timing: the machine may be slow, but a cost that grows with the store's size shows).
import { CHECKSUM_300, runItems, workloadChecksum } from './items.ts';

const sum = await workloadChecksum();
if (sum !== CHECKSUM_300) {
  console.error(`documents changed: checksum ${sum}, committed ${CHECKSUM_300}`);
  process.exit(1);
}
await runItems(300); // warm-up: compile the hot paths before measuring
const small = await runItems(1000);
const large = await runItems(10000);
const perItem = (r: typeof small) => ((r.setUpSeconds + r.billSeconds) * 1e6) / r.items;
const billPerItem = (r: typeof small) => (r.billSeconds * 1e6) / r.items;
const ratio = perItem(large) / perItem(small);
// The bill runs on their own too: a cost that grows with the run hides in the sum when set-up dominates.
const billRatio = billPerItem(large) / billPerItem(small);
console.log(
  `checksum ok; µs per item (set-up + bill): 1k ${perItem(small).toFixed(0)}, 10k ${perItem(large).toFixed(0)}, ratio ${ratio.toFixed(2)}; bill runs alone: ratio ${billRatio.toFixed(2)} (limit 2 each)`,
);
if (ratio > 2 || billRatio > 2) {
  console.error('the cost per item grows with the store: a query scans, or a cost is not per item');
  process.exit(1);
}
