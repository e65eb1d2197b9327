import 'server-only';
import type { Tx } from '../db/types';
import { openCase, type CaseActor } from '../reviews/open-case';
import type { DuplicateKind, DuplicateMatch } from './rules';

/**
 * Possible duplicates of one version, across every department: the same ID number (blind index)
 * on another student's current submission or registrar record, the same name and birth date in
 * the same cohort, the same photo (sha256) on another student.
 *
 * A reviewer sees only their departments, so the search runs in `app.find_duplicates`, a security
 * definer function that answers only for versions the caller may review and returns nothing but
 * the kind of match and an opaque id of the other student. A system job (withAdmin) may ask
 * about any version.
 */
export async function findDuplicates(tx: Tx, versionId: string): Promise<DuplicateMatch[]> {
  const rows = await tx.query<{ match_kind: DuplicateKind; match_source: DuplicateMatch['source']; related_student: string | null }>(
    'select match_kind, match_source, related_student from app.find_duplicates($1)',
    [versionId],
  );
  return rows.map((r) => ({ kind: r.match_kind, source: r.match_source, relatedStudentId: r.related_student }));
}

/**
 * Opens a 'duplicate' case for the student (joins the open one if any). `actor` is the reviewer
 * whose opening of the review ran the check, or null for a system job.
 */
export async function openDuplicateCase(
  tx: Tx,
  subject: { studentId: string; recordId: string; departmentId: string },
  matches: readonly DuplicateMatch[],
  actor: CaseActor | null,
): Promise<string | null> {
  if (!matches.length) return null;
  const related =
    matches
      .map((m) => m.relatedStudentId)
      .filter((id): id is string => !!id)
      .sort()[0] ?? null;
  const kinds = [...new Set(matches.map((m) => m.kind))].sort();
  return openCase(tx, { ...subject, kind: 'duplicate', source: 'duplicate_check', relatedStudentId: related, details: { kinds } }, actor);
}
