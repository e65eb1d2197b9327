/** What a server action hands back: never a thrown error (production hides their messages). */
export type { ActionResult } from '@/lib/domain/result';

export type Flag = 'error' | 'warning' | null;

/** One row of the side-by-side table, translated on the server. */
export interface CompareRow {
  /** form field (reviewable: accept/return) or 'department' / 'cohort' (context only) */
  field: string;
  label: string;
  submitted: string;
  registrar: string | null;
  admissions: string | null;
  registrarFlag: Flag;
  admissionsFlag: Flag;
  reviewable: boolean;
}

export interface PhotoItem {
  kind: string;
  label: string;
  url: string | null;
}

export interface Finding {
  severity: 'error' | 'warning';
  text: string;
}

export type TargetDecision = { verdict: 'accept' } | { verdict: 'return'; code: string; comment: string };

/** What the screen sends; the verb validates it (zod) before anything happens. */
export type DecisionInput = { idempotencyKey?: string } & (
  | { decision: 'verify'; recordId: string; revision: number; comment?: string }
  | { decision: 'return'; recordId: string; revision: number; comment?: string; reasons: { target: string; code: string; comment?: string }[] }
  | { decision: 'escalate'; recordId: string; revision: number; comment: string; caseKind: 'fraud_suspected' | 'anomaly' }
);
