import { dateFormat } from '@/lib/domain/dates';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getT } from '@/lib/i18n/server';
import { STAFF_ROLES } from '@/lib/schemas/admin';
import { listUsers } from '@/lib/server/admin/list-users';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { listDepartments, listOffices } from '@/lib/server/roster/list-departments';
import { endSessionsAction, grantRoleAction, revokeRoleAction } from './actions';
import { tKnown } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('admin.title') };
}

const MESSAGE = /^(admin|errors)\.[A-Za-z_]+$/;

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<{ q?: string; ok?: string; err?: string }> }) {
  const [access, { t, locale }, sp] = await Promise.all([getAccess(), getT(), searchParams]);
  if (!access || !hasRole(access, 'admin')) redirect('/staff');
  const [users, departments, offices] = await Promise.all([
    listUsers({ access, query: (sp.q ?? '').slice(0, 60) }),
    listDepartments(access),
    listOffices(access),
  ]);
  const name = (x: { nameZh: string; nameEn: string }) => (locale === 'zh-CN' ? x.nameZh : x.nameEn);
  const fmt = dateFormat(locale, 'dateTime');
  return (
    <div className="p-4 md:p-6">
      <h1 className="text-2xl font-semibold">{t('admin.title')}</h1>
      {sp.ok && MESSAGE.test(sp.ok) && (
        <p role="status" className="mt-3 rounded-lg bg-green-50 px-3 py-2 text-sm text-green-800">
          {tKnown(t, sp.ok)}
        </p>
      )}
      {sp.err && MESSAGE.test(sp.err) && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {tKnown(t, sp.err)}
        </p>
      )}
      <form className="mt-4" role="search">
        <input
          name="q"
          defaultValue={sp.q ?? ''}
          placeholder={t('admin.user')}
          aria-label={t('admin.user')}
          className="tap w-full max-w-sm rounded-lg border border-slate-300 px-3 text-sm"
        />
      </form>
      <ul className="mt-4 space-y-3" data-testid="users">
        {users.map((u) => (
          <li key={u.id} className="rounded-2xl bg-white p-4 shadow-sm" data-testid={`user-${u.displayName}`}>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <div>
                <span className="font-medium">{u.displayName ?? '—'}</span>
                <span className="ml-2 text-sm text-slate-500">{u.email}</span>
              </div>
              <span className="text-xs text-slate-500">
                {t('admin.lastSignIn')}: {u.lastSignInAt ? fmt.format(new Date(u.lastSignInAt)) : t('admin.never')}
              </span>
            </div>
            <ul className="mt-2 flex flex-wrap gap-2">
              {u.grants.map((g) => (
                <li key={g.id} className="flex items-center gap-1 rounded-full bg-slate-100 py-1 pl-3 pr-1 text-sm">
                  {t(`roles.${g.role}`)}
                  {g.departmentId && ` · ${name(departments.find((d) => d.id === g.departmentId) ?? { nameZh: '?', nameEn: '?' })}`}
                  {g.className && ` · ${g.className}`}
                  {g.officeCode && ` · ${name(offices.find((o) => o.code === g.officeCode) ?? { nameZh: g.officeCode, nameEn: g.officeCode })}`}
                  {u.id !== access.user.id && (
                    <form action={revokeRoleAction}>
                      <input type="hidden" name="grantId" value={g.id} />
                      <button
                        type="submit"
                        className="rounded-full px-2 py-1 text-xs text-red-700 hover:bg-red-50"
                        aria-label={`${t('admin.revoke')} ${t(`roles.${g.role}`)}`}
                      >
                        {t('admin.revoke')}
                      </button>
                    </form>
                  )}
                </li>
              ))}
            </ul>
            <form action={grantRoleAction} className="mt-3 flex flex-wrap items-center gap-2 text-sm">
              <input type="hidden" name="userId" value={u.id} />
              <select name="role" aria-label={t('admin.role')} className="tap rounded-lg border border-slate-300 px-2">
                {STAFF_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`roles.${r}`)}
                  </option>
                ))}
              </select>
              <select name="departmentId" aria-label={t('admin.department')} className="tap rounded-lg border border-slate-300 px-2" defaultValue="">
                <option value="">{t('admin.department')} —</option>
                {departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {name(d)}
                  </option>
                ))}
              </select>
              <select name="officeCode" aria-label={t('admin.office')} className="tap rounded-lg border border-slate-300 px-2" defaultValue="">
                <option value="">{t('admin.office')} —</option>
                {offices.map((o) => (
                  <option key={o.code} value={o.code}>
                    {name(o)}
                  </option>
                ))}
              </select>
              <input
                name="className"
                aria-label={t('admin.className')}
                placeholder={t('admin.className')}
                maxLength={50}
                className="tap w-28 rounded-lg border border-slate-300 px-2"
              />
              <button type="submit" className="tap rounded-lg bg-brand-600 px-3 text-white">
                {t('admin.grant')}
              </button>
            </form>
            {u.id !== access.user.id && (
              <form action={endSessionsAction} className="mt-2">
                <input type="hidden" name="userId" value={u.id} />
                <button type="submit" className="tap rounded-lg border border-red-300 px-3 text-sm text-red-800 hover:bg-red-50" data-testid="end-sessions">
                  {t('admin.endSessions')}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
