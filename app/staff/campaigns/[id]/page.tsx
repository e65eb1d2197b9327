import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { CumulativeChart } from '@/components/campaigns/cumulative-chart';
import { DashboardTable, StatusBar, StatusLegend, sumCounts } from '@/components/campaigns/dashboard-table';
import { Flash } from '@/components/campaigns/flash';
import { formatShanghai, toShanghaiInput } from '@/lib/domain/dates';
import { CampaignStatusBadge } from '@/components/campaigns/status-badge';
import { getT } from '@/lib/i18n/server';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { campaignDashboard } from '@/lib/server/campaigns/dashboard';
import { getCampaign } from '@/lib/server/campaigns/get-campaign';
import { recordNotFound } from '@/lib/server/audit/record-not-found';
import { AppError } from '@/lib/server/errors';
import { ReminderReachPanel } from './reach-panel';
import { setReminderOffsetsAction } from './reminder-actions';
import { closeCampaignAction, extendCampaignAction, openCampaignAction, remindAction } from '../actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('campaigns.title') };
}

/**
 * One campaign (tablet): its settings, the registrar's open / extend / close actions, and the
 * completion dashboard of the caller's scope. A closed campaign is shown read-only.
 */
export default async function CampaignPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ ok?: string; err?: string; n?: string }>;
}) {
  const [access, { t, locale }, { id }, sp] = await Promise.all([getAccess(), getT(), params, searchParams]);
  if (!access || (!hasRole(access, 'reviewer') && !hasRole(access, 'registrar'))) redirect('/staff');
  const load = async () => Promise.all([getCampaign({ access, input: { campaignId: id } }), campaignDashboard({ access, input: { campaignId: id } })]);
  const [campaign, dash] = await load().catch(async (e: unknown) => {
    if ((e instanceof AppError && e.code === 'not_found') || (e as { name?: string }).name === 'ZodError') {
      await recordNotFound({ access, input: { entityType: 'campaign', entityId: id, path: `/staff/campaigns/${id}` } });
      notFound();
    }
    throw e;
  });
  const registrar = hasRole(access, 'registrar');
  const now = new Date();
  const status = dash.campaign.status as 'draft' | 'open' | 'closed';
  const closesAt = new Date(dash.campaign.closes_at);
  const open = status === 'open' && closesAt > now;
  const total = sumCounts(dash.rows);
  const name = (d: { nameZh: string; nameEn: string }) => (locale === 'zh-CN' ? d.nameZh : d.nameEn);
  const btn = 'tap rounded-lg px-4 text-sm font-medium';
  return (
    <div className="space-y-4 p-4 md:p-6" data-testid="campaign-page" data-status={status}>
      <Link href="/staff/campaigns" className="tap inline-flex items-center rounded-lg px-2 text-sm text-brand-700 hover:bg-slate-100">
        ← {t('campaigns.back')}
      </Link>
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold" data-testid="campaign-name">
          {campaign.name}
        </h1>
        <CampaignStatusBadge t={t} status={status} />
        {status === 'open' && closesAt <= now && <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs text-red-800">{t('campaigns.pastDeadline')}</span>}
      </header>
      <Flash t={t} ok={sp.ok} err={sp.err} n={sp.n} />
      <section className="grid gap-4 rounded-2xl bg-white p-4 text-sm shadow-sm md:grid-cols-2" aria-label={t('campaigns.settings')}>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5">
          <dt className="text-slate-500">{t('campaigns.form.semester')}</dt>
          <dd>{campaign.semester}</dd>
          <dt className="text-slate-500">{t('campaigns.window')}</dt>
          <dd data-testid="campaign-window">
            {formatShanghai(campaign.opensAt, locale)} – {formatShanghai(closesAt, locale)}{' '}
            <span className="text-xs text-slate-500">{t('campaigns.beijingTime')}</span>
          </dd>
          <dt className="text-slate-500">{t('campaigns.form.departments')}</dt>
          <dd>{campaign.departments.length ? campaign.departments.map(name).join('、') : t('campaigns.all')}</dd>
          <dt className="text-slate-500">{t('campaigns.form.cohorts')}</dt>
          <dd>{campaign.cohorts.length ? campaign.cohorts.map((c) => t('campaigns.cohortValue', { cohort: c })).join('、') : t('campaigns.all')}</dd>
          <dt className="text-slate-500">{t('campaigns.form.sections')}</dt>
          <dd>{campaign.sections.map((s) => t(`confirm.sections.${s}`)).join('、')}</dd>
        </dl>
        {registrar && status !== 'closed' ? (
          <div className="space-y-3 md:border-l md:border-slate-100 md:pl-4" data-testid="campaign-actions">
            {status === 'draft' && (
              <form action={openCampaignAction} className="space-y-2">
                <input type="hidden" name="campaignId" value={campaign.id} />
                <p className="text-slate-600">{t('campaigns.openHint')}</p>
                <button type="submit" className={`${btn} bg-emerald-600 text-white`} data-testid="campaign-open">
                  {t('campaigns.actions.open')}
                </button>
              </form>
            )}
            {status === 'open' && (
              <>
                <form action={extendCampaignAction} className="flex flex-wrap items-end gap-2">
                  <input type="hidden" name="campaignId" value={campaign.id} />
                  <label className="text-slate-600">
                    {t('campaigns.actions.newDeadline')}
                    <input
                      type="datetime-local"
                      name="closesAt"
                      required
                      defaultValue={toShanghaiInput(new Date(Math.max(closesAt.getTime(), now.getTime()) + 7 * 86400e3))}
                      className="tap mt-1 block rounded-lg border border-slate-300 px-2"
                      data-testid="extend-date"
                    />
                  </label>
                  <button type="submit" className={`${btn} border border-slate-300 bg-white`} data-testid="campaign-extend">
                    {t('campaigns.actions.extend')}
                  </button>
                </form>
                <details className="rounded-lg border border-red-200 p-2">
                  <summary className="tap flex cursor-pointer items-center text-red-800">{t('campaigns.actions.close')}</summary>
                  <form action={closeCampaignAction} className="mt-2 space-y-2">
                    <input type="hidden" name="campaignId" value={campaign.id} />
                    <p className="text-slate-600">{t('campaigns.closeHint')}</p>
                    <button type="submit" className={`${btn} bg-red-600 text-white`} data-testid="campaign-close">
                      {t('campaigns.actions.confirmClose')}
                    </button>
                  </form>
                </details>
              </>
            )}
          </div>
        ) : (
          <p className="text-slate-500 md:border-l md:border-slate-100 md:pl-4" data-testid="campaign-readonly">
            {status === 'closed'
              ? t('campaigns.closedReadOnly', { date: campaign.closedAt ? formatShanghai(campaign.closedAt, locale) : '' })
              : t('campaigns.reviewerReadOnly')}
          </p>
        )}
      </section>

      {status === 'draft' ? (
        <p className="rounded-2xl bg-white p-6 text-sm text-slate-500 shadow-sm">{t('campaigns.draftNoTasks')}</p>
      ) : (
        <>
          <section className="grid gap-4 rounded-2xl bg-white p-4 shadow-sm md:grid-cols-[minmax(0,1fr)_minmax(0,1.5fr)]" data-testid="totals">
            <div className="space-y-3">
              <div className="flex items-baseline justify-between gap-2">
                <h2 className="font-medium">{t('campaigns.dashboard.title')}</h2>
                <a
                  href={`/staff/campaigns/${campaign.id}/export`}
                  download
                  className="tap inline-flex items-center rounded-lg border border-slate-300 px-3 text-sm"
                  data-testid="export"
                >
                  {t('campaigns.dashboard.export')}
                </a>
              </div>
              <p className="text-3xl font-semibold tabular-nums" data-testid="total-headline">
                {total.confirmed}
                <span className="text-base font-normal text-slate-500"> / {total.total}</span>
              </p>
              <StatusBar
                c={total}
                label={t('campaigns.progress', {
                  confirmed: total.confirmed,
                  total: total.total,
                  pct: total.total ? Math.round((total.confirmed / total.total) * 100) : 0,
                })}
              />
              <StatusLegend t={t} />
            </div>
            <dl className="grid grid-cols-3 gap-2 self-end text-center text-xs sm:grid-cols-6">
              {(['confirmed', 'correctionPending', 'inProgress', 'notStarted', 'overdue', 'awaitingVerification'] as const).map((k) => (
                <div key={k} className="rounded-lg bg-slate-50 px-1 py-2" data-testid={`total-${k}`}>
                  <dt className="whitespace-nowrap text-slate-500">{t(`campaigns.dashboard.${k}`)}</dt>
                  <dd className={`text-xl font-semibold tabular-nums ${k === 'overdue' && total[k] > 0 ? 'text-red-700' : 'text-slate-900'}`}>{total[k]}</dd>
                </div>
              ))}
            </dl>
          </section>
          <CumulativeChart t={t} series={dash.series} total={total.total} opensAt={new Date(dash.campaign.opens_at)} closesAt={closesAt} now={now} />
          {dash.rows.length === 0 ? (
            <p className="rounded-2xl bg-white p-6 text-sm text-slate-500 shadow-sm">{t('campaigns.dashboard.empty')}</p>
          ) : (
            <DashboardTable t={t} locale={locale} rows={dash.rows} remind={open ? { campaignId: campaign.id, action: remindAction } : null} />
          )}
          <ReminderReachPanel access={access} campaignId={campaign.id} t={t} setOffsets={setReminderOffsetsAction} />
        </>
      )}
    </div>
  );
}
