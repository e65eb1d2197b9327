import { dateFormat } from '@/lib/domain/dates';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getT } from '@/lib/i18n/server';
import { searchAuditEvents } from '@/lib/server/audit/search-events';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { listOfficesForAudit } from '@/lib/server/sharing/list-offices';
import { tKnown, keyIn } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('audit.title') };
}

const KEYS = ['office', 'actor', 'action', 'student', 'from', 'to'] as const;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const [access, { t, locale }, sp] = await Promise.all([getAccess(), getT(), searchParams]);
  if (!hasRole(access, 'auditor')) redirect('/staff');
  const filter = Object.fromEntries(KEYS.map((k) => [k, typeof sp[k] === 'string' ? sp[k] : undefined])) as Record<(typeof KEYS)[number], string | undefined>;
  let rows: Awaited<ReturnType<typeof searchAuditEvents>> = [];
  let bad = false;
  try {
    rows = await searchAuditEvents({ access, input: { ...filter, before: sp.before } });
  } catch {
    bad = true;
  }
  const offices = await listOfficesForAudit({ access });
  const officeName = (id: unknown) => {
    const o = offices.find((x) => x.id === id);
    return o ? (locale === 'zh-CN' ? o.nameZh : o.nameEn) : '';
  };
  const fmt = dateFormat(locale, 'dateTimeSeconds');
  // A readable name where the catalog has one; the code itself otherwise (a new action is still shown).
  const label = (key: string, code: string) => tKnown(t, key, undefined, code);
  const kept = Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) as Record<string, string>;
  const input = 'tap rounded-lg border border-slate-300 px-2 text-sm';
  return (
    <div className="p-4 md:p-6">
      <h1 className="text-2xl font-semibold">{t('audit.title')}</h1>
      <form className="mt-4 flex flex-wrap items-end gap-2" role="search">
        <label className="flex flex-col text-xs text-slate-500">
          {t('sharing.auditFilters.office')}
          <select name="office" defaultValue={filter.office ?? ''} className={input}>
            <option value="">—</option>
            {offices.map((o) => (
              <option key={o.id} value={o.id}>
                {locale === 'zh-CN' ? o.nameZh : o.nameEn}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-500">
          {t('sharing.auditFilters.actor')}
          <input name="actor" defaultValue={filter.actor ?? ''} maxLength={60} className={input} />
        </label>
        <label className="flex flex-col text-xs text-slate-500">
          {t('sharing.auditFilters.action')}
          <input name="action" defaultValue={filter.action ?? ''} maxLength={60} placeholder="sharing" className={`${input} w-36`} />
        </label>
        <label className="flex flex-col text-xs text-slate-500">
          {t('sharing.auditFilters.student')}
          <input name="student" defaultValue={filter.student ?? ''} maxLength={36} className={`${input} w-72`} />
        </label>
        <label className="flex flex-col text-xs text-slate-500">
          {t('sharing.auditFilters.from')}
          <input name="from" type="date" defaultValue={filter.from ?? ''} className={input} />
        </label>
        <label className="flex flex-col text-xs text-slate-500">
          {t('sharing.auditFilters.to')}
          <input name="to" type="date" defaultValue={filter.to ?? ''} className={input} />
        </label>
        <button type="submit" className="tap rounded-lg bg-brand-600 px-3 text-sm text-white">
          {t('sharing.auditFilters.apply')}
        </button>
        <Link href="/staff/audit" className="tap inline-flex items-center rounded-lg px-3 text-sm text-slate-600 hover:bg-slate-100">
          {t('sharing.auditFilters.reset')}
        </Link>
        <a
          href={`/staff/audit/export?${new URLSearchParams(kept)}`}
          className="tap inline-flex items-center rounded-lg border border-slate-300 px-3 text-sm"
          download
        >
          {t('sharing.auditFilters.exportCsv')}
        </a>
      </form>
      {bad && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {t('errors.invalid_input')}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="mt-4 text-sm text-slate-500">{t('audit.empty')}</p>
      ) : (
        <div tabIndex={0} className="mt-4 overflow-x-auto rounded-2xl bg-white shadow-sm focus-visible:outline-2 focus-visible:outline-brand-600">
          <table className="w-full text-left text-sm" data-testid="audit-table">
            <thead className="border-b border-slate-200 text-xs text-slate-500">
              <tr>
                <th className="px-3 py-2">{t('audit.time')}</th>
                <th className="px-3 py-2">{t('audit.actor')}</th>
                <th className="px-3 py-2">{t('audit.action')}</th>
                <th className="px-3 py-2">{t('audit.entity')}</th>
                <th className="px-3 py-2">{t('sharing.auditFilters.office')}</th>
                <th className="px-3 py-2">{t('sharing.auditFilters.fields')}</th>
                <th className="px-3 py-2">{t('sharing.auditFilters.count')}</th>
                <th className="px-3 py-2">{t('audit.ip')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-b border-slate-100 align-top">
                  <td className="whitespace-nowrap px-3 py-2 text-slate-600">{fmt.format(new Date(r.occurredAt))}</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    {r.actorName ?? (r.details.api_client_id ? `API ${String(r.details.api_client_id).slice(0, 8)}` : '—')}
                    {r.actorRole && r.actorRole !== 'api_client' && <span className="ml-1 text-xs text-slate-500">({t(keyIn('roles', r.actorRole))})</span>}
                  </td>
                  <td className="px-3 py-2 text-xs">
                    <span className="block">{label(`audit.actions.${r.action}`, r.action)}</span>
                    <span className="block font-mono text-slate-500">{r.action}</span>
                  </td>
                  <td className="px-3 py-2 text-xs text-slate-600">
                    {label(`audit.entities.${r.entityType}`, r.entityType)}
                    {r.entityName ? (
                      <span className="ml-1 font-medium text-slate-900" data-testid="audit-entity-name">
                        {r.entityName}
                      </span>
                    ) : r.entityId ? (
                      <span className="ml-1 font-mono">{r.entityId.slice(0, 8)}</span>
                    ) : null}
                    {typeof r.details.role === 'string' && <span className="ml-1">({t(keyIn('roles', r.details.role))})</span>}
                    {r.entityType === 'student' && r.entityId && (
                      // Auditors may download a student's dossier (read-only, audited; decision 065).
                      <a href={`/staff/students/${r.entityId}/dossier`} className="ml-2 font-sans text-brand-700 underline" download>
                        {t('audit.dossier')}
                      </a>
                    )}
                  </td>
                  <td className="px-3 py-2 text-xs">{officeName(r.details.office_id)}</td>
                  <td className="px-3 py-2 text-xs">{Array.isArray(r.details.fields) ? (r.details.fields as string[]).join(', ') : ''}</td>
                  <td className="px-3 py-2 text-xs">{typeof r.details.count === 'number' ? r.details.count : ''}</td>
                  <td className="px-3 py-2 text-xs text-slate-500">{r.ip ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="mt-4 flex gap-2" aria-label={t('audit.title')}>
        {sp.before && (
          <Link
            href={`/staff/audit?${new URLSearchParams(kept)}`}
            className="tap inline-flex items-center rounded-lg px-3 text-sm text-brand-700 hover:bg-brand-50"
            data-testid="audit-newest"
          >
            ← {t('audit.newest')}
          </Link>
        )}
        {rows.length === 50 && (
          <Link
            href={`/staff/audit?${new URLSearchParams({ ...kept, before: rows.at(-1)!.id })}`}
            className="tap inline-flex items-center rounded-lg px-3 text-sm text-brand-700 hover:bg-brand-50"
            data-testid="audit-older"
          >
            {t('audit.older')} →
          </Link>
        )}
      </nav>
    </div>
  );
}
