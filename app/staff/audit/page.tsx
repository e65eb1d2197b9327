import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getT } from '@/lib/i18n/server';
import { listAuditEvents } from '@/lib/server/audit/list-events';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('audit.title') };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const [access, { t, locale }, sp] = await Promise.all([getAccess(), getT(), searchParams]);
  if (!hasRole(access, 'auditor')) redirect('/staff');
  const rows = await listAuditEvents({ access, before: sp.before });
  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Asia/Shanghai' });
  return (
    <div className="p-4 md:p-6">
      <h1 className="text-2xl font-semibold">{t('audit.title')}</h1>
      {rows.length === 0 ? (
        <p className="mt-4 text-sm text-slate-500">{t('audit.empty')}</p>
      ) : (
        <div className="mt-4 overflow-x-auto rounded-2xl bg-white shadow-sm">
          <table className="w-full text-left text-sm" data-testid="audit-table">
            <thead className="border-b border-slate-200 text-xs text-slate-500">
              <tr>
                <th className="px-3 py-2">{t('audit.time')}</th>
                <th className="px-3 py-2">{t('audit.actor')}</th>
                <th className="px-3 py-2">{t('audit.action')}</th>
                <th className="px-3 py-2">{t('audit.entity')}</th>
                <th className="px-3 py-2">{t('audit.ip')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-b border-slate-100 align-top">
                  <td className="whitespace-nowrap px-3 py-2 text-slate-600">{fmt.format(new Date(r.occurredAt))}</td>
                  <td className="px-3 py-2">{r.actorName ?? '—'}{r.actorRole && <span className="ml-1 text-xs text-slate-500">({t(`roles.${r.actorRole}`)})</span>}</td>
                  <td className="px-3 py-2 font-mono text-xs">{r.action}</td>
                  <td className="px-3 py-2 font-mono text-xs text-slate-600">{r.entityType}{r.entityId ? `:${r.entityId.slice(0, 8)}` : ''}</td>
                  <td className="px-3 py-2 text-xs text-slate-500">{r.ip ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length === 50 && (
        <Link href={`/staff/audit?before=${rows.at(-1)!.id}`} className="tap mt-4 inline-flex items-center rounded-lg px-3 text-sm text-brand-700 hover:bg-brand-50">
          {t('audit.older')} →
        </Link>
      )}
    </div>
  );
}
