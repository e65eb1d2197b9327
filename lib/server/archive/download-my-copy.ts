import 'server-only';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { loadDossier } from './internal/load-dossier';

/**
 * PIPL art. 45: a student's copy of what the university holds about them — fields, versions,
 * decisions addressed to them, the notice versions they accepted. Read as the student through RLS
 * (only their rows exist for them) and audited.
 */
export async function downloadMyCopy({ access }: { access: Access | null }): Promise<{ fileName: string; json: string }> {
  const me = requireRole(access, 'student');
  const studentId = me.student!.id;
  return withRls(me.ctx, async (tx) => {
    const d = await loadDossier(tx, studentId, { forStudent: true });
    if (!d) throw new AppError('not_found');
    await audit(tx, me.ctx, {
      action: 'student_copy.download',
      entityType: 'student',
      entityId: studentId,
      actorRole: 'student',
      details: { versions: d.versions.length, decisions: d.reviewEvents.length },
    });
    const body = {
      generatedAt: new Date().toISOString(),
      student: { studentNumber: d.student.studentNumber, name: d.student.name, department: d.student.departmentZh, cohort: d.student.cohort },
      status: d.record?.state ?? null,
      currentIdNumber: d.idNumber,
      versions: d.versions,
      decisions: d.reviewEvents.map(({ kind, versionId, reasons, comment, createdAt }) => ({ kind, versionId, reasons, comment, createdAt })),
      corrections: d.corrections.map(({ id, status, changes, reason, decidedAt, createdAt }) => ({ id, status, changes, reason, decidedAt, createdAt })),
      noticesAccepted: d.consents,
      documents: d.documents.map(({ id, kind, sha256, createdAt }) => ({ id, kind, sha256, createdAt })),
    };
    return { fileName: `my-data-${d.student.studentNumber}.json`, json: JSON.stringify(body, null, 2) };
  });
}
