import { err, ok, type Result } from 'neverthrow';
import type { AccountRunDecision, NewDocument } from '../domain/billing/account-run';
import {
  type AdditionalLinesError,
  additionalLinesHookFailed,
  invoiceProposal,
  withAdditionalLines,
} from '../domain/documents/additional-lines';
import type { BillingContext } from '../ports';

// The host's `additionalInvoiceLines` hook (Kill Bill's `getAdditionalInvoiceItems`), asked once per invoice
// of a decision: after the core decided every line (consolidation included) and before the operation draws
// any number or writes anything, so a refusal leaves nothing behind. The check and the new lines are the
// core's (`domain/documents/additional-lines.ts`); only the call — the host's code, maybe async, maybe
// throwing — is here.

/**
 * The decision with each new invoice's additional lines, as the context's hook returns them; the decision
 * itself when there is no hook. The first invoice whose hook throws, rejects or returns lines that cannot
 * be added ends it with an error. Never throws. @internal
 */
export async function addAdditionalLines(
  context: BillingContext,
  decision: AccountRunDecision,
  preview: boolean,
): Promise<Result<AccountRunDecision, AdditionalLinesError>> {
  // The checked context's hook (checkContext): the function read once, applied to the host's `hooks` object.
  const hook = context.hooks?.additionalInvoiceLines;
  if (hook === undefined) return ok(decision);
  if (!decision.documents.some((d) => d.kind === 'Invoice')) return ok(decision);
  const documents: NewDocument[] = [];
  for (const document of decision.documents) {
    if (document.kind !== 'Invoice') {
      documents.push(document);
      continue;
    }
    const { invoice } = document;
    let next: Result<NewDocument, AdditionalLinesError>;
    try {
      const returned: unknown = await hook(invoiceProposal(invoice, preview));
      // Reading what a JavaScript host returned may itself throw (a getter, a proxy): that is the hook's
      // failure too.
      next = withAdditionalLines(invoice, returned).map((added) => ({
        kind: 'Invoice' as const,
        invoice: added,
      }));
    } catch (thrown) {
      next = err(additionalLinesHookFailed(invoice, thrown));
    }
    if (next.isErr()) return err(next.error);
    documents.push(next.value);
  }
  return ok(Object.freeze({ ...decision, documents: Object.freeze(documents) }));
}
