import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';

const Z = z.object({ campaignId: z.uuid(), offsets: z.array(z.coerce.number().int().min(0).max(60)).max(10) });

/** Days before the deadline on which the schedule reminds unfinished students (e.g. 7, 3, 1). */
export async function setReminderOffsets({ access, input }: { access: Access | null; input: z.input<typeof Z> }) {
  const me = requireRole(access, 'registrar');
  const parsed = Z.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { fieldErrors: { offsets: 'errors.invalid_input' } });
  const offsets = [...new Set(parsed.data.offsets)].sort((a, b) => b - a);
  return withRls(me.ctx, async (tx) => {
    const rows = await tx.query('update public.campaigns set reminder_offsets = $2 where id = $1 returning id', [parsed.data.campaignId, offsets]);
    if (!rows.length) throw new AppError('not_found');
    await audit(tx, me.ctx, {
      action: 'campaign.reminder_offsets',
      entityType: 'campaign',
      entityId: parsed.data.campaignId,
      actorRole: 'registrar',
      details: { offsets },
    });
    return { offsets };
  });
}
