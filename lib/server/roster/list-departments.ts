import 'server-only';
import type { Access } from '../auth/access';
import { withRls } from '../db/rls';

export interface Department {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
}

export async function listDepartments(access: Access): Promise<Department[]> {
  return withRls(access.ctx, async (tx) => {
    const rows = await tx.query<{ id: string; code: string; name_zh: string; name_en: string }>(
      'select id, code, name_zh, name_en from public.departments order by code',
    );
    return rows.map((r) => ({ id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en }));
  });
}

export async function listOffices(access: Access): Promise<{ code: string; nameZh: string; nameEn: string }[]> {
  return withRls(access.ctx, async (tx) => {
    const rows = await tx.query<{ code: string; name_zh: string; name_en: string }>('select code, name_zh, name_en from public.offices order by code');
    return rows.map((r) => ({ code: r.code, nameZh: r.name_zh, nameEn: r.name_en }));
  });
}
