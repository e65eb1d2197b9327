import 'server-only';
import { NOTICE_VERSION } from '@/lib/identity/notice';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';

/** Records that the student read the privacy notice of this version (PIPL art. 14). */
export async function acceptNotice({ access, input }: { access: Access | null; input: { version: string } }): Promise<void> {
  const me = requireRole(access, 'student');
  if (input.version !== NOTICE_VERSION) {
    throw new AppError('conflict', { userMessage: 'notice.errors.outdated', message: `notice ${input.version} is not current` });
  }
  await withRls(me.ctx, async (tx) => {
    const rows = await tx.query(
      `insert into public.consents (student_id, user_id, notice_version, ip, user_agent) values ($1, $2, $3, $4, $5)
       on conflict (student_id, notice_version) do nothing returning id`,
      [me.student!.id, me.user.id, NOTICE_VERSION, me.ctx.ip ?? null, me.ctx.userAgent?.slice(0, 512) ?? null],
    );
    if (rows.length) {
      await audit(tx, me.ctx, {
        action: 'notice.acknowledge',
        entityType: 'student',
        entityId: me.student!.id,
        actorRole: 'student',
        details: { version: NOTICE_VERSION },
      });
    }
  });
}
