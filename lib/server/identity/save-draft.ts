import 'server-only';
import { ZIdentityDraft, type TIdentityDraft } from '@/lib/schemas/identity';
import { requireRole, type Access } from '../auth/access';
import { getCipher } from '../crypto';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { idNumberAad, lockOwnRecord } from './record';

/**
 * Autosave. The draft is unvalidated by design (a half-typed form is normal); only its size is
 * bounded. The ID number, even half-typed, is encrypted like a submitted one.
 */
export async function saveDraft({ access, input }: { access: Access | null; input: TIdentityDraft }): Promise<{ savedAt: Date }> {
  const me = requireRole(access, 'student');
  const parsed = ZIdentityDraft.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { message: parsed.error.message });
  const { idNumber, ...rest } = parsed.data;
  return withRls(me.ctx, async (tx) => {
    const record = await lockOwnRecord(tx, me.student!.id);
    if (record.state !== 'draft' && record.state !== 'returned') {
      throw new AppError('conflict', { userMessage: 'identity.errors.notEditable', message: `draft save in state ${record.state}` });
    }
    const enc = idNumber ? getCipher().encrypt(idNumber, idNumberAad.draft(record.id)) : null;
    const [row] = await tx.query<{ draft_updated_at: Date }>(
      `update public.identity_records set draft = $2::text::jsonb, draft_id_number_enc = $3, draft_updated_at = now()
       where id = $1 returning draft_updated_at`,
      [record.id, JSON.stringify(rest), enc],
    );
    return { savedAt: row!.draft_updated_at };
  });
}
