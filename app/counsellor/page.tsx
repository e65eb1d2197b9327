import { dateFormat } from '@/lib/domain/dates';
import type { Metadata } from 'next';
import { getT } from '@/lib/i18n/server';
import { getAccess } from '@/lib/server/auth/session';
import { listMyClasses } from '@/lib/server/counsellor/list-my-classes';
import { remindClassAction } from './actions';
import { keyIn, tKnown } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('counsellor.title') };
}

const BADGE: Record<string, string> = {
  not_submitted: 'bg-red-50 text-red-800',
  returned: 'bg-amber-50 text-amber-800',
  submitted: 'bg-slate-100 text-slate-700',
  confirmation_pending: 'bg-amber-50 text-amber-800',
  confirmation_overdue: 'bg-red-50 text-red-800',
  verified: 'bg-green-50 text-green-800',
  confirmed: 'bg-green-50 text-green-800',
};

/** 390 px first: one card per class, one row per student, the remind button within thumb reach. */
export default async function CounsellorPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const [access, { t, locale }, sp] = await Promise.all([getAccess(), getT(), searchParams]);
  const { campaign, classes } = await listMyClasses({ access });
  const fmt = dateFormat(locale, 'dayTime');
  return (
    <div className="space-y-4 p-4">
      <h1 className="text-xl font-semibold">{t('counsellor.title')}</h1>
      <p className="text-sm text-slate-600" data-testid="counsellor-campaign">
        {campaign ? t('counsellor.campaign', { name: campaign.name, deadline: fmt.format(campaign.closes_at) }) : t('counsellor.noCampaign')}
      </p>
      {sp.error && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
          {tKnown(t, sp.error, undefined, t('errors.internal'))}
        </p>
      )}
      {sp.done && (
        <p role="status" className="rounded-lg bg-green-50 p-3 text-sm text-green-800" data-testid="remind-result">
          {sp.done} ·{' '}
          {t('counsellor.remindDone', {
            queued: sp.queued ?? '0',
            sent: sp.sent ?? '0',
            unreachable: sp.unreachable ?? '0',
            deferred: sp.deferred ? t('counsellor.deferred') : '',
          })}
        </p>
      )}
      {classes.length === 0 && <p className="text-sm text-slate-500">{t('counsellor.noClasses')}</p>}
      {classes.map((c) => {
        const open = c.students.filter((s) => s.unfinished);
        return (
          <section key={c.name} className="rounded-2xl bg-white p-4 shadow-sm" aria-labelledby={`class-${c.name}`} data-testid="class-card">
            <div className="flex items-baseline justify-between gap-2">
              <h2 id={`class-${c.name}`} className="text-lg font-semibold">
                {c.name}
              </h2>
              <span className="text-sm text-slate-500">{t('counsellor.progress', { done: c.students.length - open.length, total: c.students.length })}</span>
            </div>
            {campaign && open.length > 0 ? (
              <form action={remindClassAction} className="mt-3">
                <input type="hidden" name="className" value={c.name} />
                <button type="submit" className="tap w-full rounded-xl bg-brand-600 px-4 font-medium text-white">
                  {t('counsellor.remind', { n: open.length })}
                </button>
              </form>
            ) : (
              open.length === 0 && <p className="mt-2 text-sm text-green-700">{t('counsellor.allDone')}</p>
            )}
            <ul className="mt-3 divide-y divide-slate-100">
              {c.students.map((s) => (
                <li key={s.id} className="py-3" data-testid="class-student">
                  <div className="flex items-center justify-between gap-2">
                    <span className="font-medium">{s.name}</span>
                    <span className={`rounded-full px-2 py-0.5 text-xs ${BADGE[s.status]}`}>{t(`counsellor.status.${s.status}`)}</span>
                  </div>
                  <div className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-500">
                    <span className="font-mono">{s.studentNumber}</span>
                    {s.major && <span>{s.major}</span>}
                    {!s.signedIn && <span>{t('counsellor.neverSignedIn')}</span>}
                  </div>
                  <div className="mt-1 flex flex-wrap gap-2 text-sm">
                    {s.phone && (
                      <a className="tap inline-flex items-center text-brand-700 underline" href={`tel:${s.phone}`}>
                        {s.phone}
                      </a>
                    )}
                    {s.email && (
                      <a className="tap inline-flex items-center break-all text-brand-700 underline" href={`mailto:${s.email}`}>
                        {s.email}
                      </a>
                    )}
                  </div>
                  {s.lastReminder && (
                    <p className="mt-1 text-xs text-slate-500">
                      {t('counsellor.lastReminder', {
                        when: fmt.format(s.lastReminder.at),
                        channels: s.lastReminder.channels.length
                          ? s.lastReminder.channels.map((ch) => t(keyIn('counsellor.channels', ch))).join(' · ')
                          : t('counsellor.unreachable'),
                      })}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
