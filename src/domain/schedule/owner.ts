import type { Subscription } from '../contract/subscription';
import type { TenantSettings } from '../settings';
import { detachedCharge, detachPoint, releaseCreditDate, setTotals, withPoolTotals } from './detach';
import { chargeKey, type InvoiceSchedule, refreshSchedule, type ScheduleCharge } from './schedule';

/**
 * A schedule after an Owner Transfer (§8.8, decision 17: what is left to bill, and credits, go to the
 * current owner of each subscription). Pure; returns the schedule unchanged when nothing moved.
 *
 * - Every attached charge's subscription now has one owner: the schedule moves to that owner with them
 *   (with no attached charge, the detached charges decide the same way).
 * - The attached subscriptions now have several owners (§8.8 allows it only once every attached charge is
 *   fully billed): the schedule keeps its account, and the charges of the subscriptions another account now
 *   owns are detached, as by a detach (§5.4): what was billed on them stays in the schedule, and anything
 *   billed or credited on them later — a credit after a cancellation, say — is standard billing's, on their
 *   current owner. A schedule's subscriptions share one invoice owner (§4.2 rule 6), so a schedule never
 *   issues a document for a subscription another account owns. A next run date that waited for a credit
 *   of the moved charges falls back to the default, as after a detach (§6.6; the caller revises the
 *   schedule with its charges afterwards, which moves it again for credits left).
 */
export function followOwnerTransfer(
  schedule: InvoiceSchedule,
  subscriptions: ReadonlyMap<string, Subscription>,
  settings: Pick<TenantSettings, 'rounding' | 'chargeGrouping' | 'prorationDays'>,
  /**
   * The subscriptions before the order (the schedule was revised with them): a detached charge keeps its
   * value from them in the set rounding, even when the same order also removes or reprices it.
   */
  before: ReadonlyMap<string, Subscription> = subscriptions,
): InvoiceSchedule {
  const ownerOf = (c: ScheduleCharge) =>
    subscriptions.get(c.subscriptionNumber)?.accountNumber ?? schedule.accountNumber;
  const attached = schedule.charges.filter((c) => !c.detached);
  const owners = new Set((attached.length > 0 ? attached : schedule.charges).map(ownerOf));
  const [owner] = owners;
  if (owners.size === 1 && owner !== undefined) {
    return owner === schedule.accountNumber ? schedule : { ...schedule, accountNumber: owner };
  }
  const moved = attached.filter((c) => ownerOf(c) !== schedule.accountNumber);
  if (moved.length === 0) return schedule;
  const at = detachPoint(schedule);
  // The set rounding before the order, whose totals the moved charges keep (decision 2). A subscription not
  // found: none recorded, and standard billing bills them their own rounding.
  const set = setTotals(schedule, before, settings).unwrapOr(null);
  const marked = schedule.charges.map((c) =>
    !c.detached && ownerOf(c) !== schedule.accountNumber
      ? detachedCharge(c, subscriptions, at, set, settings.prorationDays, before)
      : c,
  );
  // Their totals once detached, in that set rounding (a tie's unit a moved charge held can pass to a charge left).
  const keys = new Set(moved.map((c) => chargeKey(c.subscriptionNumber, c.chargeNumber)));
  const charges =
    set === null
      ? marked
      : withPoolTotals({ ...schedule, charges: marked }, keys, set.totals, before, settings).unwrapOr(marked);
  return releaseCreditDate(
    refreshSchedule({ ...schedule, charges: Object.freeze(charges) }),
    schedule,
    subscriptions,
    settings,
  );
}
