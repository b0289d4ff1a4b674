// Decision 19 (§8.4): the removal cuts a schedule records. A removal or cancellation of covered charges effective
// before the next pending item's run date moves the schedule's next processing to the change's effective date; the
// schedule records such dates by the item they moved (`InvoiceSchedule.removalCuts`), so that they outlive the
// override they are written to (an update that sends items clears that), a detach takes only its own charge's date
// away, and a canceled or reversed invoice brings its item's dates back. Dates recorded while the next item's run
// date is blank move nothing until it is filled in; a credit memo issued meanwhile uses up those on or before its
// credits' day. Pure.
import { type BusinessDate, isAfter, isBefore } from '../../time/date';
import { sameStrings } from '../freeze';
import {
  earliestPendingItem,
  type InvoiceSchedule,
  type InvoiceScheduleItem,
  type RemovalCut,
} from './schedule';

/** `schedule` with `cuts` recorded (without the field when there are none); itself when they are its own. */
export function withCuts<S extends InvoiceSchedule>(schedule: S, cuts: readonly RemovalCut[]): S {
  if (cuts === schedule.removalCuts) return schedule;
  if (cuts.length === 0 && schedule.removalCuts === undefined) return schedule;
  const { removalCuts: _, ...rest } = schedule;
  return (cuts.length === 0 ? rest : { ...rest, removalCuts: Object.freeze(cuts) }) as S;
}

/**
 * The date the cuts move the next processing to: the earliest of their dates before the first pending item's run
 * date, among the cuts whose item is still pending (the first pending item's own, or a later item's: an item added
 * or billed again before it is brought forward too). `null` when none, or when that item has a blank run date.
 * `cuts` holds the dates that stand (`standingCuts`).
 */
export function cutDate(
  items: readonly InvoiceScheduleItem[],
  cuts: readonly RemovalCut[],
): BusinessDate | null {
  if (cuts.length === 0) return null;
  const next = earliestPendingItem({ items });
  if (next === null || next.runDate === null) return null;
  const runDate = next.runDate;
  let date: BusinessDate | null = null;
  for (const cut of cuts) {
    if (!isPending(items, cut.itemId)) continue;
    const first = cut.effectiveDates.find((d) => isBefore(d, runDate));
    if (first !== undefined && (date === null || isBefore(first, date))) date = first;
  }
  return date;
}

/**
 * The cuts after `itemId` is billed on `dueDate` (`items` before it is): the cuts of later pending items lose their
 * dates on or before that day, whose changes the item billed (an earlier item billed again after a revert uses up
 * only those); the item's own cut stays, and with it every cut of a processed item (they move nothing while their
 * item is processed, and come back when its invoice is canceled or reversed).
 */
export function cutsUsedBy(
  items: readonly InvoiceScheduleItem[],
  cuts: readonly RemovalCut[],
  itemId: string,
  dueDate: BusinessDate,
): readonly RemovalCut[] {
  if (cuts.length === 0) return cuts;
  const billed = items.findIndex((i) => i.id === itemId);
  return trimmed(cuts, (cut) => {
    const at = items.findIndex((i) => i.id === cut.itemId);
    return at > billed && items[at]?.status !== 'Processed' ? (d) => isAfter(d, dueDate) : null;
  });
}

/**
 * The cuts after a credit step (a credit memo with no item billed, as decision 5 gives on a fully processed schedule,
 * extended by the library to a next pending item whose run date is blank) whose credits fell due on `dueDate` (or
 * its memo's day, when later): the pending items' cuts lose their dates on or before that day — the processing
 * the removal called for on its effective date was that memo, also when the user pulled it earlier, so a run date
 * filled in later is not brought back to it (reviews 170, 172); a processed item's cut stays (it comes back with
 * its invoice).
 */
export function cutsUsedByCredit(
  items: readonly InvoiceScheduleItem[],
  cuts: readonly RemovalCut[],
  dueDate: BusinessDate,
): readonly RemovalCut[] {
  if (cuts.length === 0) return cuts;
  return trimmed(cuts, (cut) => (isPending(items, cut.itemId) ? (d) => isAfter(d, dueDate) : null));
}

/**
 * The cuts after an invoice went back (cancel or reverse): the cut of each item it billed keeps its dates on or
 * after the day the item was due (`dueDays`, by item id) — the earlier ones were not followed when it was billed (a
 * date set later, or a cut charge detached since); the others stay as they are.
 */
export function cutsAfterRevert(
  cuts: readonly RemovalCut[],
  dueDays: ReadonlyMap<string, BusinessDate>,
): readonly RemovalCut[] {
  return trimmed(cuts, (cut) => {
    const due = dueDays.get(cut.itemId);
    return due === undefined ? null : (d) => !isBefore(d, due);
  });
}

/**
 * The cuts after an update replaced `before`'s items with `after`'s: a cut whose item the update deleted goes to the
 * pending item next in its place, joining that item's cut — the first pending item of the new list after the last
 * item before it that the update kept (an item sent again without its id, one added there, or the next item
 * kept); with none, it goes.
 */
export function cutsAfterItemsUpdate(
  before: readonly InvoiceScheduleItem[],
  after: readonly InvoiceScheduleItem[],
  cuts: readonly RemovalCut[],
): readonly RemovalCut[] {
  if (cuts.every((c) => after.some((i) => i.id === c.itemId))) return cuts;
  let out: readonly RemovalCut[] = cuts.filter((c) => after.some((i) => i.id === c.itemId));
  for (const cut of cuts) {
    if (after.some((i) => i.id === cut.itemId)) continue;
    const at = before.findIndex((i) => i.id === cut.itemId);
    // Where the items before it that the update kept end in the new list (-1: none kept).
    let place = -1;
    for (const b of before.slice(0, Math.max(at, 0))) {
      const k = after.findIndex((i) => i.id === b.id);
      if (k > place) place = k;
    }
    const heir = after.slice(place + 1).find((i) => i.status !== 'Processed');
    if (heir !== undefined) out = withDates(out, heir.id, cut.effectiveDates, cut.chargeKeys, () => true);
  }
  return out;
}

/**
 * `cuts` with `dates` recorded for `itemId`, made by the charges `chargeKeys` (`undefined`: not known, a cut recorded
 * before 0.2.0), joining that item's cut, of whose dates those `keep` accepts stay. Dates and keys ascending, each
 * once; a cut joined with one whose charges are not known does not know them either (any charge cut on a date
 * holds it, as before).
 */
export function withDates(
  cuts: readonly RemovalCut[],
  itemId: string,
  dates: Iterable<BusinessDate>,
  chargeKeys: readonly string[] | undefined,
  keep: (date: BusinessDate) => boolean,
): readonly RemovalCut[] {
  const own = cuts.find((c) => c.itemId === itemId);
  const all = new Set<BusinessDate>(dates);
  if (own !== undefined) for (const d of own.effectiveDates) if (keep(d)) all.add(d);
  const effectiveDates = [...all].sort();
  const keys =
    chargeKeys === undefined || (own !== undefined && own.chargeKeys === undefined)
      ? undefined
      : [...new Set([...(own?.chargeKeys ?? []), ...chargeKeys])].sort();
  if (
    own !== undefined &&
    sameStrings(own.effectiveDates, effectiveDates) &&
    (keys === undefined
      ? own.chargeKeys === undefined
      : own.chargeKeys !== undefined && sameStrings(own.chargeKeys, keys))
  ) {
    return cuts;
  }
  const cut: RemovalCut = Object.freeze({
    effectiveDates: Object.freeze(effectiveDates),
    itemId,
    ...(keys === undefined ? {} : { chargeKeys: Object.freeze(keys) }),
  });
  return own === undefined ? [...cuts, cut] : cuts.map((c) => (c === own ? cut : c));
}

/** `cuts` with the dates each keeps (`keep` gives the test of a cut's dates, `null` to leave it); empty ones go. */
function trimmed(
  cuts: readonly RemovalCut[],
  keep: (cut: RemovalCut) => ((date: BusinessDate) => boolean) | null,
): readonly RemovalCut[] {
  let changed = false;
  const out: RemovalCut[] = [];
  for (const cut of cuts) {
    const test = keep(cut);
    const dates = test === null ? cut.effectiveDates : cut.effectiveDates.filter(test);
    if (dates.length === cut.effectiveDates.length) {
      out.push(cut);
      continue;
    }
    changed = true;
    if (dates.length > 0) out.push(Object.freeze({ ...cut, effectiveDates: Object.freeze(dates) }));
  }
  return changed ? out : cuts;
}

function isPending(items: readonly InvoiceScheduleItem[], id: string): boolean {
  const item = items.find((i) => i.id === id);
  return item !== undefined && item.status !== 'Processed';
}
