import type { InvoiceSchedule } from '../domain/schedule/schedule';
import type { Repositories } from '../ports';

// Deleted schedules (issue 13: `deleteInvoiceSchedule` keeps the record, `deleted: true`) are gone for the
// operations: every transaction sees the schedule lists without them, whatever the adapter returns. `get`
// and `getById` still return them (a compare-and-set save needs the stored version; `loadSchedule` treats
// one as not found), and `page` filters in the adapter (`includeDeleted`), so that a page stays full.

const VISIBLE = Symbol('invoice-schedules/without-deleted-schedules');

/** The list methods whose answers leave deleted schedules out. */
const LISTS: ReadonlySet<string> = new Set([
  'listByAccount',
  'listByAccounts',
  'listWithItemsDue',
  'listByCharge',
]);

const isDeleted = (schedule: InvoiceSchedule): boolean => schedule.deleted === true;

/** A transaction's repositories, their schedule lists without deleted schedules. @internal */
export function withoutDeletedSchedules(repos: Repositories): Repositories {
  if ((repos as { readonly [VISIBLE]?: true })[VISIBLE] === true) return repos;
  let schedules: object | undefined;
  return new Proxy({} as Repositories, {
    has: (_, prop) => prop === VISIBLE || prop in repos,
    get(_, prop) {
      if (prop === VISIBLE) return true;
      const value: unknown = Reflect.get(repos, prop);
      if (prop !== 'invoiceSchedules' || typeof value !== 'object' || value === null) return value;
      schedules ??= hideDeleted(value);
      return schedules;
    },
  });
}

function hideDeleted(repository: object): object {
  const target = repository as Record<PropertyKey, unknown>;
  const methods = new Map<PropertyKey, unknown>();
  return new Proxy(
    {},
    {
      has: (_, prop) => prop in repository,
      get(_, prop) {
        const value = target[prop];
        if (typeof value !== 'function') return value;
        let method = methods.get(prop);
        if (method === undefined) {
          method =
            typeof prop === 'string' && LISTS.has(prop)
              ? async (...args: readonly unknown[]) => {
                  const all = (await value.apply(repository, args)) as readonly InvoiceSchedule[];
                  return all.some(isDeleted) ? Object.freeze(all.filter((s) => !isDeleted(s))) : all;
                }
              : (...args: readonly unknown[]) => value.apply(repository, args);
          methods.set(prop, method);
        }
        return method;
      },
    },
  );
}
