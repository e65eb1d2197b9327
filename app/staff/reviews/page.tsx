import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { QueueFilters } from '@/components/review/queue-filters';
import { QueueTable } from '@/components/review/queue-table';
import { getT } from '@/lib/i18n/server';
import { hasRole, reviewerDepartments } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { currentIntake } from '@/lib/server/compare/rules';
import { listQueue } from '@/lib/server/reviews/list-queue';
import { listDepartments } from '@/lib/server/roster/list-departments';
import { filterSearch, parseQueueParams, WAIT_OPTIONS, type QueueParams } from './query';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('review.title') };
}

/** The review queue (tablet): filters on top, one row per submission, the oldest waiting first. */
export default async function ReviewQueuePage({ searchParams }: { searchParams: Promise<QueueParams> }) {
  const [access, { t, locale }, sp] = await Promise.all([getAccess(), getT(), searchParams]);
  if (!access || (!hasRole(access, 'reviewer') && !hasRole(access, 'registrar'))) redirect('/staff');
  const query = parseQueueParams(sp);
  const [page, allDepartments] = await Promise.all([listQueue({ access, input: query }), listDepartments(access)]);
  const mine = new Set(reviewerDepartments(access));
  const departments = hasRole(access, 'registrar') ? allDepartments : allDepartments.filter((d) => mine.has(d.id));
  const intake = currentIntake(new Date());
  const filters = filterSearch(sp);
  const from = encodeURIComponent(filters);
  return (
    <div className="flex h-full flex-col p-4 md:p-5">
      <div className="flex items-baseline justify-between gap-3">
        <h1 className="text-xl font-semibold">{t('review.title')}</h1>
        <p className="text-sm text-slate-500">{t('review.list.target', { n: page.targetDays })}</p>
      </div>
      <QueueFilters
        t={t}
        locale={locale}
        params={sp}
        departments={departments}
        cohorts={Array.from({ length: 6 }, (_, i) => intake - i)}
        waitOptions={WAIT_OPTIONS}
      />
      <QueueTable t={t} locale={locale} items={page.items} hrefOf={(id) => `/staff/reviews/${id}${from ? `?from=${from}` : ''}`} />
      <nav className="mt-3 flex justify-end gap-2" aria-label={t('review.list.pages')}>
        {query.cursor && (
          <Link
            href={`/staff/reviews${filters ? `?${filters}` : ''}`}
            className="tap inline-flex items-center rounded-lg border border-slate-300 bg-white px-4 text-sm"
          >
            {t('review.list.first')}
          </Link>
        )}
        {page.nextCursor && (
          <Link
            href={`/staff/reviews?${new URLSearchParams([...new URLSearchParams(filters), ['cursor', page.nextCursor]])}`}
            className="tap inline-flex items-center rounded-lg bg-brand-600 px-4 text-sm font-medium text-white"
            data-testid="queue-next"
          >
            {t('review.list.next')}
          </Link>
        )}
      </nav>
    </div>
  );
}
