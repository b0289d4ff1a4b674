import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { isAfter } from '../../time/date';
import { isRemovedCharge } from '../contract/charge';
import { findCharge, type Subscription } from '../contract/subscription';
import type { OrderActionNotSupported, OrderActionRefusal } from '../errors';
import { subscriptionsBeforeEachAction } from './activate';
import type { Order, OrderAction } from './model';

// §8.9 "Supported order actions by schedule status", as a pure check run before an order is activated. Rows the
// check never refuses: Create Subscription, Add Product (new charges are not in any schedule), Remove Product,
// Cancel Subscription, Renew, Terms And Conditions that do not extend a scheduled recurring charge (so early
// renewal = Remove + T&C + Add), and Owner Transfer of every subscription of a schedule. Update Product from
// mid-charge is refused by activation itself (UpdateProductNotFromChargeStart), whatever the schedules.

/**
 * A schedule status as the §8.9 check sees it.
 * @since 0.1.0
 */
export type ScheduleStatusForRules = 'Pending' | 'PartiallyProcessed' | 'FullyProcessed' | 'Paused';

/**
 * What {@link checkOrderAgainstSchedules} needs of an invoice schedule (an `InvoiceSchedule` fits): its status,
 * the status it had before a pause, and its charges with their billed amounts. Detached charges (§5.4) are no
 * longer billed by the schedule, so no rule of the check applies to them.
 * @since 0.1.0
 */
export interface ScheduleForRules {
  readonly number: string;
  readonly status: ScheduleStatusForRules;
  readonly statusBeforePause: Exclude<ScheduleStatusForRules, 'Paused'> | null;
  readonly charges: readonly {
    readonly subscriptionNumber: string;
    readonly chargeNumber: string;
    readonly billedAmount: Decimal;
    readonly detached: boolean;
  }[];
}

/**
 * The current value of a charge of a subscription (for "fully billed": billed amount ≥ value), e.g.
 * `(sub, n) => { const c = findCharge(sub, n)!; return chargeValue(c.charge, c.ratePlan, sub.currency) }`.
 * `subscriptions` (since 0.2.0) are all the subscriptions as the order's earlier actions leave them (as before the
 * order when an earlier action fails: activation then reports that action), `subscription` among them: for a value
 * that depends on the other charges too (decision 2's set rounding).
 * @since 0.1.0
 */
export type ChargeValueOf = (
  subscription: Subscription,
  chargeNumber: string,
  subscriptions?: ReadonlyMap<string, Subscription>,
) => Decimal;

/** The status that decides: a paused schedule is judged by the status it had before the pause (§5.3). */
function effectiveStatus(schedule: ScheduleForRules): Exclude<ScheduleStatusForRules, 'Paused'> | null {
  return schedule.status === 'Paused' ? schedule.statusBeforePause : schedule.status;
}

const attached = (schedule: ScheduleForRules) => schedule.charges.filter((c) => !c.detached);

function refusal(
  order: Order,
  actionIndex: number,
  action: OrderAction,
  schedule: ScheduleForRules,
  reason: OrderActionRefusal,
  message: string,
): OrderActionNotSupported {
  return Object.freeze({
    type: 'OrderActionNotSupported' as const,
    message: `Order ${order.number}, actions[${actionIndex}] (${action.type}): ${message}`,
    orderNumber: order.number,
    actionIndex,
    action: action.type,
    invoiceScheduleNumber: schedule.number,
    scheduleStatus: schedule.status,
    reason,
  });
}

/** Numbers of the recurring charges a Terms And Conditions action extends (end moved later). */
function extendedRecurringCharges(before: Subscription, after: Subscription): readonly string[] {
  const out: string[] = [];
  for (const rp of before.ratePlans) {
    for (const charge of rp.charges) {
      if (charge.type !== 'Recurring' || isRemovedCharge(charge)) continue;
      const now = findCharge(after, charge.number)?.charge;
      if (now !== undefined && isAfter(now.endDate, charge.endDate)) out.push(charge.number);
    }
  }
  return out;
}

/**
 * Checks an order against the invoice schedules whose charges it touches, before activation (§8.9). Refuses,
 * with an {@link OrderActionNotSupported} for the first refused action:
 * - Update Product from the charge's start on an attached charge of a schedule that is not Pending (a Paused
 *   schedule counts as its status before the pause) — §8.5; from mid-charge activation refuses it;
 * - Terms And Conditions that extend an attached recurring charge of any schedule — §8.7;
 * - Suspend / Resume of a subscription with an attached charge in any schedule;
 * - Owner Transfer that moves only some of a schedule's subscriptions (those with attached charges), or moves
 *   them to different owners (those the order asks for), while any attached charge is not fully billed
 *   (`billedAmount < value`, the values as the order's earlier actions leave them) — §8.8.
 * `subscriptions` are the subscriptions before activation: those the order's actions name and every other
 * subscription of the schedules they touch (§8.8's "fully billed" needs them all: a charge whose subscription is
 * missing counts as not fully billed). Each action is judged on the subscriptions as the order's earlier actions
 * leave them, the order replayed on those it names, as activation replays it. Everything else the table allows.
 * Pure: nothing is mutated.
 * @since 0.1.0
 */
export function checkOrderAgainstSchedules(
  order: Order,
  subscriptions: ReadonlyMap<string, Subscription>,
  schedules: readonly ScheduleForRules[],
  values: ChargeValueOf,
): Result<void, OrderActionNotSupported> {
  // The order replayed on the subscriptions its actions name — what activation applies it to — each state laid over
  // `subscriptions`, which also hold the touched schedules' other subscriptions (§8.8's "fully billed"). Replayed on
  // all of them, an action reusing a charge number of a subscription the order does not name (allowed: activation
  // reads only the named ones) stopped the replay, and the later actions went unjudged: a T&C extending a scheduled
  // charge was activated, 70,200.00 → 107,100.00 (review 156).
  const named = new Set(order.actions.map((a) => a.subscriptionNumber));
  const states = subscriptionsBeforeEachAction(
    order,
    [...subscriptions.values()].filter((s) => named.has(s.number)),
  ).map((applied) => {
    const all = new Map(subscriptions);
    for (const [number, sub] of applied) all.set(number, sub);
    return all as ReadonlyMap<string, Subscription>;
  });
  // The owners the order asks for: each subscription's last Owner Transfer, else its owner now — also where
  // activation refuses an action of the order (review 153: a transfer of part of a schedule followed by a refused
  // action was judged on the owners before the order, and passed; the owners as far as the order applied would
  // refuse a transfer of the whole schedule whose second transfer activation refuses for its own reason).
  const askedOwners = new Map<string, string>();
  for (const a of order.actions)
    if (a.type === 'OwnerTransfer') askedOwners.set(a.subscriptionNumber, a.newOwnerAccountNumber);
  const schedulesOf = (subscriptionNumber: string, chargeNumber?: string): readonly ScheduleForRules[] =>
    schedules.filter((s) =>
      attached(s).some(
        (c) =>
          c.subscriptionNumber === subscriptionNumber &&
          (chargeNumber === undefined || c.chargeNumber === chargeNumber),
      ),
    );
  const transferChecked = new Set<string>();

  for (const [i, action] of order.actions.entries()) {
    switch (action.type) {
      case 'UpdateProduct': {
        // From mid-charge, activation refuses it whatever the schedules, with the error that says what to fix
        // (UpdateProductNotFromChargeStart): reversing the schedule's invoices would not let it through.
        const before = states[i]?.get(action.subscriptionNumber);
        const charge = before === undefined ? undefined : findCharge(before, action.chargeNumber)?.charge;
        if (charge !== undefined && charge.startDate !== action.effectiveDate) break;
        for (const schedule of schedulesOf(action.subscriptionNumber, action.chargeNumber)) {
          const status = effectiveStatus(schedule);
          if (status !== 'Pending') {
            return err(
              refusal(
                order,
                i,
                action,
                schedule,
                'UpdateProductScheduleNotPending',
                `charge ${action.chargeNumber} is in invoice schedule ${schedule.number}, which is ${status ?? schedule.status}${schedule.status === 'Paused' ? ' (paused)' : ''}; a price or quantity can change only while the schedule is Pending (§8.5). Reverse its processed items' invoices first, or remove the product and add a new one.`,
              ),
            );
          }
        }
        break;
      }
      case 'TermsAndConditions': {
        const before = states[i]?.get(action.subscriptionNumber);
        const after = states[i + 1]?.get(action.subscriptionNumber);
        // Without both states the action itself fails at activation, which reports the reason.
        if (before === undefined || after === undefined) break;
        const extended = extendedRecurringCharges(before, after);
        for (const schedule of schedules) {
          const hit = attached(schedule).find(
            (c) => c.subscriptionNumber === action.subscriptionNumber && extended.includes(c.chargeNumber),
          );
          if (hit !== undefined) {
            return err(
              refusal(
                order,
                i,
                action,
                schedule,
                'TermsExtendScheduledRecurringCharge',
                `the new term end extends recurring charge ${hit.chargeNumber} of invoice schedule ${schedule.number}, which is not supported (§8.7). Renew the subscription instead (Renew), or remove the product on the old term end, change the term, and add the product back.`,
              ),
            );
          }
        }
        break;
      }
      case 'Suspend':
      case 'Resume': {
        const [schedule] = schedulesOf(action.subscriptionNumber);
        if (schedule !== undefined) {
          return err(
            refusal(
              order,
              i,
              action,
              schedule,
              'SuspendResumeScheduledSubscription',
              `subscription ${action.subscriptionNumber} has charges in invoice schedule ${schedule.number}; ${action.type} is not supported for them (§8.9). Cancel the subscription or remove its products instead.`,
            ),
          );
        }
        break;
      }
      case 'OwnerTransfer': {
        for (const schedule of schedulesOf(action.subscriptionNumber)) {
          if (transferChecked.has(schedule.number)) continue;
          transferChecked.add(schedule.number);
          const charges = attached(schedule);
          // In context: the values as the order's earlier actions leave them (a removal earlier in the order can
          // leave every charge billed at or above its value; review 112). Owners are those the order asks for below.
          const now = states[i] ?? subscriptions;
          const fullyBilled = charges.every((c) => {
            const sub = now.get(c.subscriptionNumber);
            return sub !== undefined && c.billedAmount.greaterThanOrEqualTo(values(sub, c.chargeNumber, now));
          });
          if (fullyBilled) continue;
          const numbers = [...new Set(charges.map((c) => c.subscriptionNumber))];
          const owners = new Set(
            numbers.map((n) => askedOwners.get(n) ?? subscriptions.get(n)?.accountNumber),
          );
          if (owners.size > 1) {
            return err(
              refusal(
                order,
                i,
                action,
                schedule,
                'OwnerTransferOfPartlyBilledSchedule',
                `invoice schedule ${schedule.number} is not fully billed, so all its subscriptions (${numbers.join(', ')}) must move to the same new owner in this order (§8.8). Transfer them all together, or detach the charges of ${action.subscriptionNumber} from the schedule first.`,
              ),
            );
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return ok(undefined);
}
