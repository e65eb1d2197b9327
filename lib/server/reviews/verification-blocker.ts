import 'server-only';
import type { Tx } from '../db/types';
import { AppError } from '../errors';

export interface VerificationBlocker {
  reason: 'open_case' | 'duplicate_flag';
  caseId: string | null;
  caseKind: 'duplicate' | 'fraud_suspected';
}

/**
 * Why the record cannot be verified now (an open duplicate or fraud case, or an unresolved
 * duplicate flag), or null. The database enforces the same rule on every write
 * (app.identity_record_integrity); this tells the review screen and the verb why, with the case.
 */
export async function verificationBlocker(tx: Tx, recordId: string): Promise<VerificationBlocker | null> {
  const [row] = await tx.query<{ reason: VerificationBlocker['reason']; case_id: string | null; case_kind: VerificationBlocker['caseKind'] }>(
    'select reason, case_id, case_kind from app.verification_blocker($1)',
    [recordId],
  );
  return row ? { reason: row.reason, caseId: row.case_id, caseKind: row.case_kind } : null;
}

export async function assertVerifiable(tx: Tx, recordId: string): Promise<void> {
  const b = await verificationBlocker(tx, recordId);
  if (b) throw new AppError('conflict', { userMessage: 'integrity.verificationBlocked', message: `verification blocked: ${b.reason} ${b.caseId ?? ''}` });
}
