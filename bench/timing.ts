// Per-transaction and per-account times of a bill run, from its progress callback: the accounts of a batch are
// reported together once its transaction commits, so each gap between reports is one transaction, and the
// reports that follow it at once are its accounts.

/** A transaction's milliseconds, and the same divided by the accounts it billed, in the order they came. */
export interface TransactionTimes {
  readonly millis: number[];
  readonly perAccount: number[];
  /** The progress callback: call it for each account reported. */
  readonly onProgress: () => void;
  /** Starts the next gap now (after a wait that is not a transaction's). */
  readonly restart: () => void;
}

/** Reports less than this apart belong to the same transaction. */
const SAME_TRANSACTION_MS = 0.05;

export function transactionTimes(): TransactionTimes {
  const millis: number[] = [];
  const perAccount: number[] = [];
  let last = performance.now();
  let accounts = 0;
  return {
    millis,
    perAccount,
    onProgress: () => {
      const now = performance.now();
      if (now - last > SAME_TRANSACTION_MS) {
        millis.push(now - last);
        perAccount.push(now - last);
        accounts = 1;
      } else if (perAccount.length > 0) {
        accounts += 1;
        const at = perAccount.length - 1;
        perAccount[at] = (millis[at] as number) / accounts;
      }
      last = now;
    },
    restart: () => {
      last = performance.now();
    },
  };
}

/** The `p`th percentile of sorted values (NaN when there are none). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
