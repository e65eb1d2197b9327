import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { formatShanghai } from '@/lib/domain/dates';
import { CampaignStatusBadge } from '@/components/campaigns/status-badge';
import { getT } from '@/lib/i18n/server';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { listCampaigns } from '@/lib/server/campaigns/list-campaigns';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('campaigns.title') };
}

/** Semester confirmation campaigns: the registrar runs them, reviewers follow their departments. */
export default async function CampaignsPage() {
  const [access, { t, locale }] = await Promise.all([getAccess(), getT()]);
  if (!hasRole(access, 'reviewer') && !hasRole(access, 'registrar')) redirect('/staff');
  const campaigns = await listCampaigns({ access });
  const registrar = hasRole(access, 'registrar');
  return (
    <div className="space-y-4 p-4 md:p-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t('campaigns.title')}</h1>
          <p className="text-sm text-slate-500">{registrar ? t('campaigns.introRegistrar') : t('campaigns.introReviewer')}</p>
        </div>
        {registrar && (
          <Link
            href="/staff/campaigns/new"
            className="tap inline-flex items-center rounded-lg bg-brand-600 px-4 text-sm font-medium text-white"
            data-testid="campaign-new"
          >
            {t('campaigns.new')}
          </Link>
        )}
      </div>
      {campaigns.length === 0 ? (
        <p className="rounded-2xl bg-white p-6 text-sm text-slate-500 shadow-sm">{t('campaigns.empty')}</p>
      ) : (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-2xl bg-white shadow-sm" data-testid="campaigns">
          {campaigns.map((c) => {
            const pct = c.total ? Math.round((c.confirmed / c.total) * 100) : 0;
            return (
              <li key={c.id}>
                <Link
                  href={`/staff/campaigns/${c.id}`}
                  className="tap grid grid-cols-[minmax(0,2fr)_auto_minmax(10rem,1fr)] items-center gap-4 px-4 py-3 hover:bg-slate-50"
                  data-testid="campaign-item"
                >
                  <span className="min-w-0">
                    <span className="block truncate font-medium">{c.name}</span>
                    <span className="block text-xs text-slate-500">
                      {c.semester} · {formatShanghai(c.opensAt, locale)} – {formatShanghai(c.closesAt, locale)}
                    </span>
                  </span>
                  <CampaignStatusBadge t={t} status={c.status} />
                  <span className="text-sm">
                    {c.status === 'draft' ? (
                      <span className="text-slate-500">{t('campaigns.notOpenedYet')}</span>
                    ) : (
                      <>
                        <span className="block text-xs text-slate-600">{t('campaigns.progress', { confirmed: c.confirmed, total: c.total, pct })}</span>
                        <span className="mt-1 block h-2 overflow-hidden rounded-full bg-slate-100" aria-hidden>
                          <span className="block h-full bg-emerald-500" style={{ width: `${pct}%` }} />
                        </span>
                      </>
                    )}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
