import 'server-only';
import { z } from 'zod';
import { CAMPAIGN_SECTIONS } from '@/lib/schemas/campaign';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import type { Tx } from '../db/types';
import { AppError } from '../errors';
import { once } from '../idempotency/internal/once';

interface TaskRow {
  id: string;
  status: string;
  sections: string[];
  opened_sections: string[];
  open: boolean;
  confirmed_version_id: string | null;
}

async function lockMyTask(tx: Tx, studentId: string, taskId: string): Promise<TaskRow> {
  // `for update` sees only tasks the student may still change: theirs, in an open campaign (RLS).
  const [t] = await tx.query<TaskRow>(
    `select t.id, t.status, c.sections, t.opened_sections, true as open, t.confirmed_version_id
     from public.confirmation_tasks t join public.campaigns c on c.id = t.campaign_id
     where t.id = $1 and t.student_id = $2 for update of t`,
    [taskId, studentId],
  );
  if (t) return t;
  const [ro] = await tx.query<TaskRow>(
    `select t.id, t.status, c.sections, t.opened_sections, (c.status = 'open' and now() between c.opens_at and c.closes_at) as open, t.confirmed_version_id
     from public.confirmation_tasks t join public.campaigns c on c.id = t.campaign_id where t.id = $1`,
    [taskId],
  );
  if (!ro) throw new AppError('not_found', { userMessage: 'confirm.errors.noTask' });
  if (ro.status === 'confirmed') return ro;
  throw new AppError('conflict', { userMessage: ro.open ? 'confirm.errors.notEditable' : 'confirm.errors.closed' });
}

/** Records that the student opened a section: "all correct" needs every section seen first. */
export async function openSection({ access, input }: { access: Access | null; input: { taskId: string; section: string } }): Promise<string[]> {
  const me = requireRole(access, 'student');
  const { taskId, section } = z.object({ taskId: z.uuid(), section: z.enum(CAMPAIGN_SECTIONS) }).parse(input);
  return withRls(me.ctx, async (tx) => {
    const t = await lockMyTask(tx, me.student!.id, taskId);
    if (t.status === 'confirmed' || t.opened_sections.includes(section)) return t.opened_sections;
    const [row] = await tx.query<{ opened_sections: string[] }>(
      `update public.confirmation_tasks set opened_sections = array_append(opened_sections, $2), updated_at = now() where id = $1 returning opened_sections`,
      [taskId, section],
    );
    return row!.opened_sections;
  });
}

/**
 * "All correct": records exactly which verified version was confirmed. Confirming again returns
 * the first confirmation; after the deadline or outside the campaign's scope there is no task to
 * confirm (RLS hides it).
 */
export async function confirmTask({
  access,
  input,
}: {
  access: Access | null;
  input: { taskId: string; idempotencyKey?: string };
}): Promise<{ versionId: string; duplicate: boolean }> {
  const me = requireRole(access, 'student');
  const { taskId, idempotencyKey } = z.object({ taskId: z.uuid(), idempotencyKey: z.uuid().optional() }).parse(input);
  return withRls(me.ctx, (tx) =>
    once(tx, { userId: me.user.id, verb: 'confirmation.confirm', key: idempotencyKey, input: { taskId } }, () => confirmInTx(tx, me, taskId)),
  );
}

async function confirmInTx(tx: Tx, me: Access, taskId: string): Promise<{ versionId: string; duplicate: boolean }> {
  const t = await lockMyTask(tx, me.student!.id, taskId);
  if (t.status === 'confirmed') return { versionId: t.confirmed_version_id!, duplicate: true };
  if (t.status !== 'pending') throw new AppError('conflict', { userMessage: 'confirm.errors.correctionPending' });
  const unopened = t.sections.filter((s) => !t.opened_sections.includes(s));
  if (unopened.length)
    throw new AppError('invalid_input', {
      userMessage: 'confirm.errors.openAllSections',
      fieldErrors: Object.fromEntries(unopened.map((s) => [s, 'confirm.errors.notOpened'])),
    });
  const [rec] = await tx.query<{ verified_version_id: string | null }>('select verified_version_id from public.identity_records where student_id = $1', [
    me.student!.id,
  ]);
  if (!rec?.verified_version_id) throw new AppError('conflict', { userMessage: 'confirm.errors.notVerified' });
  await tx.query(
    `update public.confirmation_tasks set status = 'confirmed', confirmed_at = now(), confirmed_version_id = $2, updated_at = now() where id = $1`,
    [taskId, rec.verified_version_id],
  );
  await audit(tx, me.ctx, {
    action: 'confirmation.confirm',
    entityType: 'confirmation_task',
    entityId: taskId,
    actorRole: 'student',
    details: { version_id: rec.verified_version_id },
  });
  return { versionId: rec.verified_version_id, duplicate: false };
}
