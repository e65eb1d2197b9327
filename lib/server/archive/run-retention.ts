import 'server-only';
import { withAdmin } from '../db/admin';
import type { Tx } from '../db/types';
import { getEnv } from '../env';
import { getStore } from '../storage';

export const REDACTED = '已清除';

export interface RetentionSkip {
  studentId: string;
  studentNumber: string;
  reason: 'legal_hold' | 'open_case';
}
export interface RetentionResult {
  runId: string | null;
  dryRun: boolean;
  cutoff: string;
  retentionYears: number;
  candidates: number;
  /** Redacted in this run (dry run: would be redacted). */
  redacted: { studentId: string; studentNumber: string }[];
  skipped: RetentionSkip[];
  photosDeleted: number;
}

interface Candidate {
  id: string;
  student_number: string;
  legal_hold: boolean;
  open_case: boolean;
}

/**
 * Redacts the personal data of students who graduated or left more than RETENTION_YEARS ago
 * (decision 062): ciphertexts and blind indexes cleared, photos deleted from storage, names replaced
 * by a stub, versions kept as redacted shells, the audit trail untouched, one `student.redacted`
 * event each. A legal hold or an open case skips the student (listed). A dry run changes nothing
 * but the audit row saying it ran. Each student is redacted in its own transaction, photos first,
 * so a crash leaves a student either whole or retried by the next run.
 *
 * A system job (owner connection): the queue task and `npm run retention` call it; the admin page
 * calls it after checking the person's role (lib/server/archive/start-retention.ts).
 */
export async function runRetention(opts: { now?: Date; dryRun?: boolean; actor?: { userId: string } | { job: string } } = {}): Promise<RetentionResult> {
  const now = opts.now ?? new Date();
  const dryRun = opts.dryRun ?? false;
  const years = getEnv().retention.years;
  const c = new Date(now);
  c.setUTCFullYear(c.getUTCFullYear() - years);
  const cutoff = c.toISOString().slice(0, 10);
  const actorId = opts.actor && 'userId' in opts.actor ? opts.actor.userId : null;
  const actorJob = opts.actor && 'job' in opts.actor ? opts.actor.job : actorId ? null : 'retention';

  const candidates = await withAdmin((tx) =>
    tx.query<Candidate>(
      `select s.id, s.student_number, s.legal_hold,
            exists (select 1 from public.cases k where k.student_id = s.id and k.status <> 'closed') as open_case
     from public.students s
     where s.status in ('graduated', 'left') and s.left_on is not null and s.left_on <= $1::date and s.redacted_at is null
     order by s.left_on, s.id`,
      [cutoff],
    ),
  );
  const skipped: RetentionSkip[] = [];
  const redacted: { studentId: string; studentNumber: string }[] = [];
  let photosDeleted = 0;
  for (const s of candidates) {
    if (s.legal_hold || s.open_case) {
      skipped.push({ studentId: s.id, studentNumber: s.student_number, reason: s.legal_hold ? 'legal_hold' : 'open_case' });
      continue;
    }
    if (!dryRun) photosDeleted += await redactStudent(s.id);
    redacted.push({ studentId: s.id, studentNumber: s.student_number });
  }
  const runId = await withAdmin(async (tx) => {
    const [run] = await tx.query<{ id: string }>(
      `insert into public.retention_runs (dry_run, retention_years, cutoff, candidates, redacted, skipped, actor_id, actor_job, started_at, finished_at)
       values ($1, $2, $3::date, $4, $5, $6::text::jsonb, $7, $8, $9, now()) returning id`,
      [
        dryRun,
        years,
        cutoff,
        candidates.length,
        dryRun ? 0 : redacted.length,
        JSON.stringify(skipped.map((x) => ({ student_id: x.studentId, student_number: x.studentNumber, reason: x.reason }))),
        actorId,
        actorJob,
        now,
      ],
    );
    await systemAudit(tx, actorId, 'retention.run', 'retention_run', run!.id, {
      dry_run: dryRun,
      cutoff,
      retention_years: years,
      candidates: candidates.length,
      redacted: dryRun ? 0 : redacted.length,
      would_redact: dryRun ? redacted.length : undefined,
      skipped: skipped.length,
      photos_deleted: photosDeleted,
      job: actorJob ?? undefined,
    });
    return run!.id;
  });
  return { runId, dryRun, cutoff, retentionYears: years, candidates: candidates.length, redacted, skipped, photosDeleted };
}

async function systemAudit(tx: Tx, actorId: string | null, action: string, entityType: string, entityId: string, details: Record<string, unknown>) {
  await tx.query(
    `insert into public.audit_events (actor_id, actor_role, action, entity_type, entity_id, details) values ($1, $2, $3, $4, $5, $6::text::jsonb)`,
    [actorId, actorId ? 'admin' : 'system', action, entityType, entityId, JSON.stringify(details)],
  );
}

/** Returns the number of stored objects deleted. */
async function redactStudent(studentId: string): Promise<number> {
  const store = getStore();
  const keys = await withAdmin((tx) =>
    tx.query<{ k: string }>(
      `select k from public.documents d, lateral (values (d.object_key), (d.thumb_key), (d.upload_key)) v(k)
     where d.student_id = $1 and k is not null`,
      [studentId],
    ),
  );
  // Photos first (idempotent): if the transaction below fails, the next run finds the student again.
  for (const { k } of keys) await store.delete(k);
  await withAdmin(async (tx) => {
    const [s] = await tx.query<{ id: string; student_number: string; user_id: string | null; redacted_at: Date | null }>(
      'select id, student_number, user_id, redacted_at from public.students where id = $1 for update',
      [studentId],
    );
    if (!s || s.redacted_at) return;
    const bidx = await tx.query<{ b: string }>(
      `select distinct id_number_bidx as b from public.identity_versions where student_id = $1 and id_number_bidx <> ''`,
      [studentId],
    );
    await tx.query(
      `update public.identity_versions set legal_name = $2, latin_name = null, sex = null, birth_date = null, ethnicity = null,
         id_issuing_country = null, id_number_enc = '', id_number_bidx = '', id_number_mask = $2, phone = null, email = null, redacted_at = now()
       where student_id = $1 and redacted_at is null`,
      [studentId, REDACTED],
    );
    await tx.query(`update public.identity_records set draft = '{}'::jsonb, draft_id_number_enc = null, draft_updated_at = null where student_id = $1`, [
      studentId,
    ]);
    await tx.query(`update public.documents set object_key = null, thumb_key = null where student_id = $1`, [studentId]);
    await tx.query(`update public.correction_requests set changes = '{}'::jsonb, new_id_number_enc = null where student_id = $1`, [studentId]);
    await tx.query(
      `update public.registrar_records set name = $2, birth_date = null, id_number_enc = '', id_number_bidx = '', id_number_mask = $2 where student_number = $1`,
      [s.student_number, REDACTED],
    );
    if (bidx.length) {
      await tx.query(
        `update public.admissions_records set name = $2, birth_date = null, id_number_enc = '', id_number_bidx = '', id_number_mask = $2
         where id_number_bidx = any($1::text[])`,
        [bidx.map((b) => b.b), REDACTED],
      );
    }
    if (s.user_id) await tx.query(`update public.app_users set display_name = $2, email = null where id = $1`, [s.user_id, REDACTED]);
    await tx.query(`update public.students set name = $2, redacted_at = now() where id = $1`, [studentId, REDACTED]);
    await tx.query(`insert into public.student_events (type, student_id) values ('student.redacted', $1)`, [studentId]);
    await systemAudit(tx, null, 'student.redact', 'student', studentId, { versions: 'shells', photos_deleted: keys.length });
  });
  return keys.length;
}
