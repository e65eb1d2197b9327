import 'server-only';
import { ZCreateOffice, type TCreateOffice } from '@/lib/schemas/sharing';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { parseInput } from './internal/parse';
import { AppError, isUniqueViolation } from '../errors';

/** Admin: a new office (its grant starts empty: it sees nothing until fields are granted). */
export async function createOffice({ access, input }: { access: Access | null; input: TCreateOffice }): Promise<{ id: string }> {
  const me = requireRole(access, 'admin');
  const o = parseInput(ZCreateOffice, input);
  try {
    return await withRls(me.ctx, async (tx) => {
      const [row] = await tx.query<{ id: string }>('insert into public.offices (code, name_zh, name_en) values ($1, $2, $3) returning id', [
        o.code,
        o.nameZh,
        o.nameEn,
      ]);
      await audit(tx, me.ctx, {
        action: 'sharing.office_create',
        entityType: 'office',
        entityId: row!.id,
        actorRole: 'admin',
        details: { office_id: row!.id, office_code: o.code },
      });
      return { id: row!.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('conflict', { userMessage: 'sharing.errors.officeExists', cause: e });
    throw e;
  }
}
