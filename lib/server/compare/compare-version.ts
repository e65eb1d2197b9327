import 'server-only';
import { z } from 'zod';
import { hasRole, requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import type { Tx } from '../db/types';
import { AppError } from '../errors';
import type { CaseActor } from '../reviews/open-case';
import { findDuplicates, openDuplicateCase } from './duplicates';
import { compareVersion, countMismatches, duplicateChecks, sortChecks, type CompareCheck } from './rules';
import { loadSubject, needsComparison, type ReviewSubject } from './subject';

/**
 * Runs the comparison rules and the duplicate search for a record's current version and stores the
 * findings as staff-only checks (visible_to_student false), with a summary on the record for the
 * review queue. Duplicates open a case.
 *
 * Where it runs (decision): students cannot read registrar records, so it cannot run in the
 * submit transaction. It runs
 *   - lazily under the reviewer's RLS when a review is opened, or when the queue lists records
 *     not yet compared (openReview / listQueue call compareRecordInTx), and
 *   - as a system job (compareAllPending, withAdmin) in bulk, e.g. after an import changed the
 *     registrar's records.
 * A reference record updated after the last comparison makes it run again. Checks are immutable;
 * each run adds rows that share one created_at, and readers take the latest run.
 */

export interface CompareOutcome {
  recordId: string;
  versionId: string;
  checks: CompareCheck[];
  mismatchCount: number;
  duplicateSuspected: boolean;
  caseId: string | null;
}

export const COMPARE_RULE_PREFIXES = ['registrar.', 'admissions.', 'duplicate.'] as const;

async function storeComparison(tx: Tx, s: ReviewSubject, actor: CaseActor | null): Promise<CompareOutcome> {
  const v = s.version!;
  const ruleChecks = compareVersion({
    version: {
      legalName: v.legalName,
      latinName: v.latinName,
      sex: v.sex,
      birthDate: v.birthDate,
      ethnicity: v.ethnicity,
      idType: v.idType,
      idNumberBidx: v.idNumberBidx,
      idNumberMask: v.idNumberMask,
      departmentId: s.record.departmentId,
      cohort: s.record.cohort,
    },
    registrar: s.registrar,
    admissions: s.admissions,
    freshman: s.freshman,
  });
  const matches = await findDuplicates(tx, v.id);
  const checks = sortChecks([...ruleChecks, ...duplicateChecks(matches)]);
  await tx.query(
    `insert into public.checks (version_id, rule, field, severity, code, visible_to_student, details)
     select $1, x.rule, x.field, x.severity, x.code, false, x.details
     from rows from (jsonb_to_recordset($2::text::jsonb) as (rule text, field text, severity text, code text, details jsonb))
       with ordinality as x(rule, field, severity, code, details, n)
     order by x.n`,
    [v.id, JSON.stringify(checks)],
  );
  const caseId = await openDuplicateCase(tx, { studentId: s.record.studentId, recordId: s.record.id, departmentId: s.record.departmentId }, matches, actor);
  const mismatchCount = countMismatches(checks);
  await tx.query(
    `update public.identity_records set compared_version_id = $2, compared_at = now(), mismatch_count = $3, duplicate_suspected = $4
     where id = $1`,
    [s.record.id, v.id, mismatchCount, matches.length > 0],
  );
  await audit(tx, actor?.ctx ?? { userId: null }, {
    action: 'review.compare',
    entityType: 'identity_record',
    entityId: s.record.id,
    actorRole: actor?.role ?? 'system',
    details: { version_id: v.id, mismatches: mismatchCount, duplicates: [...new Set(matches.map((m) => m.kind))].sort(), case_id: caseId },
  });
  return { recordId: s.record.id, versionId: v.id, checks, mismatchCount, duplicateSuspected: matches.length > 0, caseId };
}

/**
 * Compares the record's current version if it has not been (or a reference changed since), in the
 * caller's transaction. The record row is locked first, so two reviewers opening one review at
 * once compare it once. Null when there is nothing to compare or nothing new.
 */
export async function compareRecordInTx(
  tx: Tx,
  recordId: string,
  actor: CaseActor | null,
  opts: { force?: boolean; now?: Date } = {},
): Promise<CompareOutcome | null> {
  const s = await loadSubject(tx, recordId, { lock: true, now: opts.now });
  if (!s?.version) return null;
  if (!opts.force && !needsComparison(s)) return null;
  return storeComparison(tx, s, actor);
}

export function caseActor(access: Access): CaseActor {
  return { ctx: access.ctx, userId: access.user.id, role: hasRole(access, 'registrar') ? 'registrar' : 'reviewer' };
}

const ZCompare = z.object({ recordId: z.uuid(), force: z.boolean().default(false) });

/** A reviewer (re)runs the comparison of one record of their departments. */
export async function compareRecord({ access, input }: { access: Access | null; input: z.input<typeof ZCompare> }): Promise<CompareOutcome | null> {
  const me = requireRole(access, 'reviewer', 'registrar');
  const parsed = ZCompare.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input');
  return withRls(me.ctx, async (tx) => {
    const [visible] = await tx.query('select 1 from public.identity_records where id = $1', [parsed.data.recordId]);
    if (!visible) throw new AppError('not_found');
    return compareRecordInTx(tx, parsed.data.recordId, caseActor(me), { force: parsed.data.force });
  });
}
