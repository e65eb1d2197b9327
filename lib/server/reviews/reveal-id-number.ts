import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { caseActor } from '../compare/compare-version';
import { getCipher } from '../crypto';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { idNumberAad } from '../identity/record';
import { limit, RateLimitError } from '../ratelimit';
import { touchClaim } from './claim';

const ZReveal = z.object({ recordId: z.uuid() });

/**
 * The full ID number of a record's current version, for a reviewer comparing it with the photo.
 * Shown masked everywhere else; each reveal is an audit event ('id_number.reveal'), written in the
 * same transaction as the read, so there is no reveal without its trace.
 */
export async function revealIdNumber({
  access,
  input,
}: {
  access: Access | null;
  input: z.input<typeof ZReveal>;
}): Promise<{ idNumber: string; versionId: string }> {
  const me = requireRole(access, 'reviewer', 'registrar');
  const parsed = ZReveal.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input');
  // Per reviewer (docs/limits.md). A refused reveal is audited too — it is exactly what an
  // auditor looks for when an account is used to harvest ID numbers.
  try {
    await limit('reveal', me.user.id);
  } catch (e) {
    if (e instanceof RateLimitError) {
      await withRls(me.ctx, (tx) =>
        audit(tx, me.ctx, {
          action: 'id_number.reveal_limited',
          entityType: 'identity_record',
          entityId: parsed.data.recordId,
          actorRole: caseActor(me).role,
          details: { retry_after_seconds: e.retryAfterSeconds, first_in_window: e.firstRefusal },
        }),
      );
    }
    throw e;
  }
  return withRls(me.ctx, async (tx) => {
    const [v] = await tx.query<{ id: string; id_number_enc: string }>(
      `select v.id, v.id_number_enc from public.identity_records r
       join public.identity_versions v on v.id = r.current_version_id
       where r.id = $1`,
      [parsed.data.recordId],
    );
    if (!v) throw new AppError('not_found');
    await audit(tx, me.ctx, {
      action: 'id_number.reveal',
      entityType: 'identity_record',
      entityId: parsed.data.recordId,
      actorRole: caseActor(me).role,
      details: { version_id: v.id },
    });
    await touchClaim(tx, parsed.data.recordId, me.user.id);
    return { idNumber: getCipher().decrypt(v.id_number_enc, idNumberAad.version(v.id)), versionId: v.id };
  });
}
