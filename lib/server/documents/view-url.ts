import 'server-only';
import { z } from 'zod';
import { hasRole, requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { getStore } from '../storage';

const ZView = z.object({ documentId: z.uuid(), variant: z.enum(['thumb', 'full']).default('full') });

/**
 * A short-lived URL for one photo, minted only after RLS let this person read the document row —
 * knowing an object key gets nobody anything. Every view is in the audit log.
 */
export async function documentViewUrl({ access, input }: { access: Access | null; input: z.input<typeof ZView> }): Promise<string> {
  const me = requireRole(access, 'student', 'reviewer', 'registrar');
  const { documentId, variant } = ZView.parse(input);
  return withRls(me.ctx, async (tx) => {
    const [doc] = await tx.query<{ object_key: string | null; thumb_key: string | null; student_id: string }>(
      `select object_key, thumb_key, student_id from public.documents where id = $1 and status = 'ready'`,
      [documentId],
    );
    const key = variant === 'thumb' ? doc?.thumb_key : doc?.object_key;
    if (!doc || !key) throw new AppError('not_found', { userMessage: 'photo.errors.notFound' });
    const own = me.student?.id === doc.student_id;
    await audit(tx, me.ctx, {
      action: 'document.view',
      entityType: 'document',
      entityId: documentId,
      actorRole: own ? 'student' : hasRole(me, 'registrar') ? 'registrar' : 'reviewer',
      details: { variant },
    });
    return getStore().createDownloadUrl(key, { expiresInSeconds: 300 });
  });
}
