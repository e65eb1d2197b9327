import 'server-only';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';

export interface OfficeAdminView {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  fields: string[];
  idNumberFull: boolean;
  grantUpdatedAt: Date | null;
  clients: { id: string; name: string; tokenPrefix: string; createdAt: Date; expiresAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }[];
}

/** Admin: every office with its grant and API clients. */
export async function listOfficesForAdmin({ access }: { access: Access | null }): Promise<OfficeAdminView[]> {
  const me = requireRole(access, 'admin');
  return withRls(me.ctx, async (tx) => {
    const offices = await tx.query<{
      id: string;
      code: string;
      name_zh: string;
      name_en: string;
      fields: string[] | null;
      id_number_full: boolean | null;
      updated_at: Date | null;
    }>(
      `select o.id, o.code, o.name_zh, o.name_en, g.fields, g.id_number_full, g.updated_at
       from public.offices o left join public.office_grants g on g.office_id = o.id order by o.code`,
    );
    const clients = await tx.query<{
      id: string;
      office_id: string;
      name: string;
      token_prefix: string;
      created_at: Date;
      expires_at: Date;
      last_used_at: Date | null;
      revoked_at: Date | null;
    }>(`select id, office_id, name, token_prefix, created_at, expires_at, last_used_at, revoked_at from public.api_clients order by created_at desc`);
    return offices.map((o) => ({
      id: o.id,
      code: o.code,
      nameZh: o.name_zh,
      nameEn: o.name_en,
      fields: o.fields ?? [],
      idNumberFull: o.id_number_full ?? false,
      grantUpdatedAt: o.updated_at,
      clients: clients
        .filter((c) => c.office_id === o.id)
        .map((c) => ({
          id: c.id,
          name: c.name,
          tokenPrefix: c.token_prefix,
          createdAt: c.created_at,
          expiresAt: c.expires_at,
          lastUsedAt: c.last_used_at,
          revokedAt: c.revoked_at,
        })),
    }));
  });
}

/** Auditor (and admin): office names for the audit log's filter. Office names are not personal data. */
export async function listOfficesForAudit({ access }: { access: Access | null }): Promise<{ id: string; code: string; nameZh: string; nameEn: string }[]> {
  const me = requireRole(access, 'auditor', 'admin');
  return withRls(me.ctx, async (tx) => {
    const rows = await tx.query<{ id: string; code: string; name_zh: string; name_en: string }>(
      'select id, code, name_zh, name_en from public.offices order by code',
    );
    return rows.map((r) => ({ id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en }));
  });
}
