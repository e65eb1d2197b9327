'use server';
import { getAccess } from '@/lib/server/auth/session';
import { runAction } from '@/lib/server/action';
import { claimReview, releaseReview } from '@/lib/server/reviews/claim';
import { decideReview, type DecisionResult, type TDecisionInput } from '@/lib/server/reviews/decide';
import { revealIdNumber } from '@/lib/server/reviews/reveal-id-number';
import type { ActionResult, DecisionInput } from '@/components/review/types';

// Thin adapters: call the verb; runAction turns an AppError into an i18n key. The verbs check
// the role and parse the input themselves; nothing here trusts the arguments.
const run = runAction;

export async function claimAction(recordId: string): Promise<ActionResult<{ state: string }>> {
  return run(
    'claim review',
    async () => {
      const r = await claimReview({ access: await getAccess(), input: { recordId } });
      return { state: r.state };
    },
    { input: recordId },
  );
}

export async function releaseAction(recordId: string): Promise<ActionResult<{ state: string }>> {
  return run(
    'release review',
    async () => {
      const r = await releaseReview({ access: await getAccess(), input: { recordId } });
      return { state: r.state };
    },
    { input: recordId },
  );
}

/** The full number goes to this one browser request only; the verb has audited the reveal. */
export async function revealAction(recordId: string): Promise<ActionResult<{ idNumber: string }>> {
  return run(
    'reveal id number',
    async () => {
      const r = await revealIdNumber({ access: await getAccess(), input: { recordId } });
      return { idNumber: r.idNumber };
    },
    { input: recordId },
  );
}

export async function decideAction(input: DecisionInput): Promise<ActionResult<Pick<DecisionResult, 'state'>>> {
  return run(
    'decide review',
    async () => {
      // The verb parses the input with the shared schema; the cast only names the shape it checks.
      const r = await decideReview({ access: await getAccess(), input: input as TDecisionInput & { idempotencyKey?: string } });
      return { state: r.state };
    },
    { input },
  );
}
