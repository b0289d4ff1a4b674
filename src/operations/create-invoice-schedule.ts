import { err, ok, type ResultAsync } from 'neverthrow';
import type { DomainError, SubscriptionNotSchedulable } from '../domain/errors';
import type { Order } from '../domain/order';
import { chargeKey, type InvoiceSchedule } from '../domain/schedule';
import {
  type CreateInvoiceScheduleInput,
  createInvoiceScheduleFrom,
  orderSubscriptionNumbers,
  parseCreateInvoiceScheduleInput,
} from '../domain/schedule-create';
import { type ScheduleError, scheduleError } from '../domain/schedule-errors';
import type { Subscription } from '../domain/subscription';
import { getCurrency } from '../money/currency';
import type { BillingContext, VersionConflict } from '../ports';
import { async, loadSchedule, nextNumber, recalled, remember } from './common';

/**
 * Everything creating a schedule can fail with.
 * @since 0.1.0
 */
export type CreateInvoiceScheduleError =
  | ScheduleError
  | DomainError
  | SubscriptionNotSchedulable
  | VersionConflict;

const OPERATION = 'createInvoiceSchedule';

/**
 * Creates an invoice schedule on activated orders (reference §4): checks every rule of §4.2
 * and the limits of §9, resolves percentages, and saves the schedule with all items Pending.
 * Nothing is saved when it fails. With an `idempotencyKey`, a retry returns the first result.
 * @since 0.1.0
 */
export function createInvoiceSchedule(
  context: BillingContext,
  input: CreateInvoiceScheduleInput,
): ResultAsync<InvoiceSchedule, CreateInvoiceScheduleError> {
  return async(
    (async () => {
      const parsed = parseCreateInvoiceScheduleInput(input);
      if (parsed.isErr()) return err(parsed.error);
      const request = parsed.value;
      return context.store.transaction<InvoiceSchedule, CreateInvoiceScheduleError>(async (repos) => {
        const previous = await recalled(repos, request.idempotencyKey, OPERATION);
        if (previous.isErr()) return err(previous.error);
        if (previous.value !== null) return loadSchedule(repos, previous.value);
        const account = await repos.accounts.get(request.accountNumber);
        if (!account) {
          return err(
            scheduleError({
              type: 'AccountNotFound',
              message: `Account ${request.accountNumber} does not exist.`,
              accountNumber: request.accountNumber,
            }),
          );
        }
        const orders = new Map<string, Order>();
        const subscriptions = new Map<string, Subscription>();
        const wanted = new Set(request.specificSubscriptions.map((s) => s.subscriptionNumber));
        for (const orderNumber of request.orders) {
          const order = await repos.orders.get(orderNumber);
          if (!order) continue;
          orders.set(orderNumber, order);
          for (const n of orderSubscriptionNumbers(order)) wanted.add(n);
        }
        for (const n of wanted) {
          const sub = await repos.subscriptions.get(n);
          if (sub) subscriptions.set(n, sub);
        }
        const scheduledCharges = new Map<string, string>();
        const billedCharges = new Map<string, string>();
        for (const sub of subscriptions.values()) {
          for (const plan of sub.ratePlans) {
            for (const charge of plan.charges) {
              const key = chargeKey(sub.number, charge.number);
              const schedules = await repos.invoiceSchedules.listByCharge(sub.number, charge.number);
              const holder = schedules.find((s) =>
                s.charges.some(
                  (c) =>
                    c.subscriptionNumber === sub.number && c.chargeNumber === charge.number && !c.detached,
                ),
              );
              if (holder) scheduledCharges.set(key, holder.number);
              const invoices = await repos.invoices.listByCharge(sub.number, charge.number);
              const billing = invoices.find((i) => i.status === 'Draft' || i.status === 'Posted');
              if (billing) billedCharges.set(key, billing.number);
            }
          }
        }
        const firstSub = [...subscriptions.values()][0];
        const currency = getCurrency(firstSub?.currency ?? account.currency);
        if (currency.isErr()) return err(currency.error);
        const number = await nextNumber(repos, 'InvoiceSchedule');
        const ids = {
          id: context.ids.next('InvoiceSchedule'),
          number,
          itemIds: request.items.map(() => context.ids.next('InvoiceScheduleItem')),
        };
        const created = createInvoiceScheduleFrom(
          request,
          {
            account,
            currency: currency.value,
            orders,
            subscriptions,
            scheduledCharges,
            billedCharges,
            settings: context.settings,
          },
          ids,
        );
        if (created.isErr()) return err(created.error);
        const saved = await repos.invoiceSchedules.save(created.value);
        if (saved.isErr()) return err(saved.error);
        const remembered = await remember(repos, request.idempotencyKey, OPERATION, created.value.number);
        if (remembered.isErr()) return err(remembered.error);
        return ok(created.value);
      });
    })(),
  );
}
