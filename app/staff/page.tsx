import type { Metadata } from 'next';
import { getT } from '@/lib/i18n/server';
import { getAccess } from '@/lib/server/auth/session';
import { listDepartments } from '@/lib/server/roster/list-departments';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('staff.title') };
}

export default async function StaffHome() {
  const [access, { t, locale }] = await Promise.all([getAccess(), getT()]);
  if (!access) return null;
  const departments = await listDepartments(access);
  const deptName = (id: string | null) => {
    const d = departments.find((x) => x.id === id);
    return d ? (locale === 'zh-CN' ? d.nameZh : d.nameEn) : '';
  };
  return (
    <div className="p-6">
      <h1 className="text-2xl font-semibold" data-testid="staff-welcome">
        {t('staff.welcome', { name: access.user.displayName ?? '' })}
      </h1>
      <section className="mt-6 max-w-xl rounded-2xl bg-white p-5 shadow-sm">
        <h2 className="text-sm font-medium text-slate-500">{t('staff.yourRoles')}</h2>
        <ul className="mt-3 space-y-2" data-testid="staff-roles">
          {access.grants.map((g) => (
            <li key={g.id} className="flex items-center justify-between rounded-lg bg-slate-50 px-3 py-2 text-sm">
              <span className="font-medium">{t(`roles.${g.role}`)}</span>
              <span className="text-slate-600">
                {g.role === 'reviewer' ? deptName(g.departmentId) : g.role === 'office' ? g.officeCode : g.role === 'registrar' ? t('staff.scopeAll') : ''}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
