import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { verificationBlocker, type VerificationBlocker } from './verification-blocker';
import { caseActor, compareRecordInTx } from '../compare/compare-version';
import { loadSubject, needsComparison, type SubjectReference, type SubjectVersion } from '../compare/subject';
import { withRls } from '../db/rls';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { touchClaim } from './claim';
import { lateness, workingDaysWaited, type Lateness } from './working-days';

export interface DepartmentRef {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface CheckView {
  rule: string;
  field: string | null;
  severity: 'error' | 'warning' | 'info';
  code: string;
  details: Record<string, unknown>;
}

export type ReferenceView = Omit<SubjectReference, 'idNumberBidx' | 'departmentId'> & { department: DepartmentRef | null };

export interface ReviewView {
  record: {
    id: string;
    state: string;
    revision: number;
    returnCount: number;
    submittedAt: Date | null;
    waitedDays: number;
    lateness: Lateness;
    targetDays: number;
    claim: { userId: string; name: string | null; live: boolean; mine: boolean } | null;
  };
  student: { number: string; name: string; cohort: number; department: DepartmentRef };
  version: Omit<SubjectVersion, 'idNumberBidx'> | null;
  registrar: ReferenceView | null;
  admissions: ReferenceView | null;
  freshman: boolean;
  comparison: { at: Date | null; checks: CheckView[] };
  submitChecks: CheckView[];
  photos: { kind: string; documentId: string }[];
  events: { kind: string; at: Date; actor: string | null; reasons: { target: string; code: string; comment?: string }[]; comment: string | null }[];
  /** why nobody may verify the record now (an open duplicate/fraud case, an unresolved duplicate flag), or null */
  verificationBlocker: VerificationBlocker | null;
}

const ZOpen = z.object({ recordId: z.uuid() });

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/**
 * Everything the review screen shows for one record of the caller's departments: the submitted
 * fields (ID number masked), the registrar and admissions values, the latest comparison (run
 * here first if the current version was never compared or a reference record changed since),
 * the photos' document ids (their URLs come from documentViewUrl, which audits each view) and the
 * record's history. Opening one's own claimed review keeps the claim alive.
 */
export async function openReview({
  access,
  input,
  options = {},
}: {
  access: Access | null;
  input: z.input<typeof ZOpen>;
  options?: { now?: Date; claimIdleMinutes?: number };
}): Promise<ReviewView> {
  const me = requireRole(access, 'reviewer', 'registrar');
  const parsed = ZOpen.safeParse(input);
  if (!parsed.success) throw new AppError('not_found');
  const recordId = parsed.data.recordId;
  const now = options.now ?? new Date();
  const env = getEnv();
  const idle = options.claimIdleMinutes ?? env.review.claimIdleMinutes;
  return withRls(me.ctx, async (tx) => {
    let s = await loadSubject(tx, recordId, { now });
    if (!s || s.record.state === 'draft') throw new AppError('not_found');
    if (needsComparison(s)) {
      await compareRecordInTx(tx, recordId, caseActor(me), { now });
      s = (await loadSubject(tx, recordId, { now }))!;
    }
    const versionId = s.version?.id ?? null;
    // One round trip for the rest: checks (the latest comparison run and the submit checks),
    // photos, history, department names and the claimer.
    const [rest] = await tx.query<{ checks: unknown; photos: unknown; events: unknown; departments: unknown; claimer: string | null; claim_live: boolean }>(
      `select
         (select coalesce(json_agg(x order by x.id), '[]') from (
            select c.id, c.rule, c.field, c.severity, c.code, c.details, c.visible_to_student, c.created_at from public.checks c
            where c.version_id = $1 and (c.visible_to_student
              or c.created_at = (select max(created_at) from public.checks where version_id = $1 and not visible_to_student))) x) as checks,
         (select coalesce(json_agg(json_build_object('kind', d.kind, 'document_id', d.document_id) order by d.kind), '[]')
            from public.version_documents d where d.version_id = $1) as photos,
         (select coalesce(json_agg(json_build_object('kind', e.kind, 'created_at', e.created_at, 'actor_name', app.staff_display_name(e.actor_id),
                   'reasons', e.reasons, 'comment', e.comment) order by e.created_at, e.id), '[]')
            from public.review_events e where e.record_id = $2) as events,
         (select coalesce(json_agg(json_build_object('id', d.id, 'code', d.code, 'name_zh', d.name_zh, 'name_en', d.name_en)), '[]')
            from public.departments d where d.id in ($3, $4, $5)) as departments,
         case when $6::uuid is null then null else app.staff_display_name($6::uuid) end as claimer,
         coalesce($7::timestamptz > now() - make_interval(mins => $8::int), false) as claim_live`,
      [
        versionId,
        recordId,
        s.record.departmentId,
        s.registrar?.departmentId ?? s.record.departmentId,
        s.admissions?.departmentId ?? s.record.departmentId,
        s.record.assignedTo,
        s.record.claimedAt?.toISOString() ?? null,
        idle,
      ],
    );
    const checks = json<(CheckView & { visible_to_student: boolean; created_at: string })[]>(rest!.checks as string);
    const photos = json<{ kind: string; document_id: string }[]>(rest!.photos as string);
    const events = json<{ kind: string; created_at: string; actor_name: string | null; reasons: unknown; comment: string | null }[]>(rest!.events as string);
    const departments = json<{ id: string; code: string; name_zh: string; name_en: string }[]>(rest!.departments as string);
    const blocker = await verificationBlocker(tx, recordId);
    if (s.record.assignedTo === me.user.id) await touchClaim(tx, recordId, me.user.id);

    const dept = (id: string | null): DepartmentRef | null => {
      const d = departments.find((x) => x.id === id);
      return d ? { id: d.id, code: d.code, nameZh: d.name_zh, nameEn: d.name_en } : null;
    };
    const ref = (r: SubjectReference | null): ReferenceView | null => {
      if (!r) return null;
      const { idNumberBidx: _b, departmentId, ...rest } = r;
      return { ...rest, department: dept(departmentId) };
    };
    const view = (c: CheckView): CheckView => ({ rule: c.rule, field: c.field, severity: c.severity, code: c.code, details: json(c.details) ?? {} });
    const compareChecks = checks.filter((c) => !c.visible_to_student);
    const waitedDays = s.record.submittedAt ? workingDaysWaited(s.record.submittedAt, now) : 0;
    const { idNumberBidx: _bidx, ...version } = s.version ?? ({} as SubjectVersion);
    return {
      record: {
        id: s.record.id,
        state: s.record.state,
        revision: s.record.revision,
        returnCount: s.record.returnCount,
        submittedAt: s.record.submittedAt,
        waitedDays,
        targetDays: env.review.targetWorkingDays,
        lateness: ['submitted', 'in_review'].includes(s.record.state) ? lateness(waitedDays, env.review.targetWorkingDays) : 'ok',
        claim: s.record.assignedTo
          ? { userId: s.record.assignedTo, name: rest!.claimer, live: !!rest!.claim_live, mine: s.record.assignedTo === me.user.id }
          : null,
      },
      student: { number: s.student.number, name: s.student.name, cohort: s.record.cohort, department: dept(s.record.departmentId)! },
      version: s.version ? version : null,
      registrar: ref(s.registrar),
      admissions: ref(s.admissions),
      freshman: s.freshman,
      comparison: { at: compareChecks[0] ? new Date(compareChecks[0].created_at) : null, checks: compareChecks.map(view) },
      submitChecks: checks.filter((c) => c.visible_to_student).map(view),
      photos: photos.map((p) => ({ kind: p.kind, documentId: p.document_id })),
      events: events.map((e) => ({
        kind: e.kind,
        at: new Date(e.created_at),
        actor: e.actor_name,
        reasons: json<{ target: string; code: string; comment?: string }[]>(e.reasons as string) ?? [],
        comment: e.comment,
      })),
      verificationBlocker: blocker,
    };
  });
}
