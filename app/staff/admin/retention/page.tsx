import { dateFormat } from '@/lib/domain/dates';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getT } from '@/lib/i18n/server';
import { listRetentionRuns } from '@/lib/server/archive/list-retention-runs';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { getEnv } from '@/lib/server/env';
import { legalHoldAction, runRetentionAction } from './actions';
import { keyIn } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('archive.retention.title') };
}

/** Retention: run it (admin), see the last runs and what they skipped, place a legal hold (registrar). */
export default async function RetentionPage({ searchParams }: { searchParams: Promise<{ notice?: string }> }) {
  const [access, { t, locale }, sp] = await Promise.all([getAccess(), getT(), searchParams]);
  if (!access || (!hasRole(access, 'admin') && !hasRole(access, 'registrar'))) redirect('/staff');
  const runs = await listRetentionRuns({ access });
  const date = dateFormat(locale, 'dateTime');
  const btn = 'tap rounded-lg px-3 text-sm font-medium';
  return (
    <div className="space-y-4 p-4">
      <h1 className="text-lg font-semibold">{t('archive.retention.title')}</h1>
      <p className="max-w-2xl text-sm text-slate-600">{t('archive.retention.intro')}</p>
      <p className="text-sm">{t('archive.retention.years', { years: getEnv().retention.years })}</p>
      {sp.notice && sp.notice !== 'ok' && (
        <p role="alert" className="text-sm text-red-700">
          {t(keyIn('errors', sp.notice))}
        </p>
      )}
      {hasRole(access, 'admin') && (
        <form action={runRetentionAction} className="flex gap-2">
          <button name="mode" value="dry" className={`${btn} border border-slate-300`}>
            {t('archive.retention.dryRun')}
          </button>
          <button name="mode" value="real" className={`${btn} bg-red-700 text-white`}>
            {t('archive.retention.run')}
          </button>
        </form>
      )}
      {hasRole(access, 'registrar') && (
        <form action={legalHoldAction} className="flex flex-wrap items-end gap-2 rounded-xl bg-white p-3 shadow-sm">
          <label className="text-sm">
            {t('archive.retention.studentNumber')}
            <input name="studentNumber" required pattern="[A-Za-z0-9]{4,20}" className="ml-2 rounded border px-2 py-1" />
          </label>
          <label className="text-sm">
            {t('archive.retention.legalHold')}
            <input name="reason" maxLength={500} className="ml-2 rounded border px-2 py-1" />
          </label>
          <button name="hold" value="on" className={`${btn} border border-slate-300`}>
            {t('archive.retention.holdOn')}
          </button>
          <button name="hold" value="off" className={`${btn} border border-slate-300`}>
            {t('archive.retention.holdOff')}
          </button>
        </form>
      )}
      <h2 className="font-medium">{t('archive.retention.lastRuns')}</h2>
      {runs.length === 0 ? (
        <p className="text-sm text-slate-500">{t('archive.retention.none')}</p>
      ) : (
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-slate-500">
              <th>{t('archive.retention.when')}</th>
              <th>{t('archive.retention.mode')}</th>
              <th>cutoff</th>
              <th>{t('archive.retention.redacted')}</th>
              <th>{t('archive.retention.skipped')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} className="border-t border-slate-100 align-top">
                <td>{date.format(r.startedAt)}</td>
                <td>{r.dryRun ? t('archive.retention.modeDry') : t('archive.retention.modeReal')}</td>
                <td>{r.cutoff}</td>
                <td>
                  {r.redacted}/{r.candidates}
                </td>
                <td>{r.skipped.map((s) => `${s.student_number} (${s.reason})`).join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
