import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getT } from '@/lib/i18n/server';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { listStudents } from '@/lib/server/roster/list-students';
import { updateRosterAction } from './actions';
import { tKnown } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('staff.rosterTitle') };
}

/** List + detail: on a tablet the list stays on the left while one student is open on the right. */
export default async function RosterPage({ searchParams }: { searchParams: Promise<{ q?: string; id?: string; error?: string }> }) {
  const [access, { t, locale }, sp] = await Promise.all([getAccess(), getT(), searchParams]);
  if (!hasRole(access, 'reviewer') && !hasRole(access, 'registrar')) redirect('/staff');
  const q = (sp.q ?? '').slice(0, 40);
  const rows = await listStudents({ access, query: q });
  const selected = rows.find((r) => r.id === sp.id) ?? null;
  const dept = (r: (typeof rows)[number]) => (locale === 'zh-CN' ? r.departmentZh : r.departmentEn);
  return (
    <div className="grid h-full md:grid-cols-[minmax(18rem,24rem)_1fr]">
      <section className="border-r border-slate-200 bg-white" aria-label={t('staff.rosterTitle')}>
        <form className="border-b border-slate-200 p-3" role="search">
          <input
            name="q"
            defaultValue={q}
            placeholder={t('staff.search')}
            aria-label={t('staff.search')}
            className="tap w-full rounded-lg border border-slate-300 px-3 text-sm"
          />
        </form>
        <p className="px-4 py-2 text-xs text-slate-500">{t('staff.count', { n: rows.length })}</p>
        {rows.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-500">{t('staff.rosterEmpty')}</p>
        ) : (
          <ul className="max-h-[calc(100dvh-8rem)] overflow-y-auto" data-testid="roster">
            {rows.map((r) => (
              <li key={r.id}>
                <Link
                  href={`/staff/students?${new URLSearchParams({ ...(q ? { q } : {}), id: r.id })}`}
                  aria-current={r.id === selected?.id ? 'true' : undefined}
                  className={`tap flex items-center justify-between gap-2 border-b border-slate-100 px-4 py-2 text-sm ${r.id === selected?.id ? 'bg-brand-50' : 'hover:bg-slate-50'}`}
                >
                  <span>
                    <span className="block font-medium">{r.name}</span>
                    <span className="block font-mono text-xs text-slate-500">{r.studentNumber}</span>
                  </span>
                  <span className="text-xs text-slate-500">
                    {dept(r)} · {t('home.cohortValue', { cohort: r.cohort })}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="p-6">
        {selected ? (
          <div className="max-w-lg rounded-2xl bg-white p-5 shadow-sm">
            <h1 className="text-xl font-semibold">{selected.name}</h1>
            <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
              <dt className="text-slate-500">{t('home.studentNumber')}</dt>
              <dd className="font-mono">{selected.studentNumber}</dd>
              <dt className="text-slate-500">{t('home.department')}</dt>
              <dd>{dept(selected)}</dd>
              <dt className="text-slate-500">{t('home.cohort')}</dt>
              <dd>{t('home.cohortValue', { cohort: selected.cohort })}</dd>
              <dt className="text-slate-500">{t('counsellor.className')}</dt>
              <dd data-testid="roster-class">{selected.className ?? '—'}</dd>
              <dt className="text-slate-500">{t('counsellor.major')}</dt>
              <dd>{selected.major ?? '—'}</dd>
            </dl>
            {hasRole(access, 'registrar') && (
              <form action={updateRosterAction} className="mt-4 grid gap-2 text-sm" aria-label={t('counsellor.editRoster')}>
                <input type="hidden" name="studentId" value={selected.id} />
                {(['className', 'major', 'email', 'phone'] as const).map((f) => (
                  <label key={f} className="grid gap-1">
                    <span className="text-slate-500">{t(`counsellor.${f}`)}</span>
                    <input
                      name={f}
                      defaultValue={selected[f] ?? ''}
                      maxLength={f === 'email' ? 254 : 100}
                      className="tap rounded-lg border border-slate-300 px-3"
                    />
                  </label>
                ))}
                {sp.error && (
                  <p role="alert" className="text-red-700">
                    {tKnown(t, sp.error, undefined, t('errors.internal'))}
                  </p>
                )}
                <button type="submit" className="tap rounded-lg bg-brand-600 px-3 text-white">
                  {t('counsellor.save')}
                </button>
              </form>
            )}
          </div>
        ) : (
          <p className="text-sm text-slate-500">{t('staff.selectStudent')}</p>
        )}
      </section>
    </div>
  );
}
