import 'server-only';
import { orderedFields, type ShareField } from '@/lib/domain/sharing';
import type { Tx } from '../../db/types';
import { AppError } from '../../errors';

export interface ActingOffice {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  fields: ShareField[];
  idNumberFull: boolean;
}

/**
 * The office a request acts for, read through RLS (app.my_office_ids): an office reader's active
 * office role or an API client's office. `wanted` picks one when a person reads for several.
 */
export async function actingOffices(tx: Tx): Promise<ActingOffice[]> {
  const rows = await tx.query<{ id: string; code: string; name_zh: string; name_en: string; fields: string[] | null; id_number_full: boolean | null }>(
    `select o.id, o.code, o.name_zh, o.name_en, g.fields, g.id_number_full
     from public.offices o left join public.office_grants g on g.office_id = o.id
     where o.id in (select app.my_office_ids()) order by o.code`,
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    fields: orderedFields(r.fields ?? []),
    idNumberFull: !!r.id_number_full,
  }));
}

export async function actingOffice(tx: Tx, wanted?: string | null): Promise<ActingOffice> {
  const all = await actingOffices(tx);
  const o = wanted ? all.find((x) => x.id === wanted) : all[0];
  if (!o) throw new AppError('forbidden', { message: 'not acting for an office' });
  return o;
}
