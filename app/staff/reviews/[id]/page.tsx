import { dateFormat } from '@/lib/domain/dates';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { ClaimBar } from '@/components/review/claim-bar';
import { buildCompareRows, buildFindings } from './compare-rows';
import { ReviewHistory } from '@/components/review/review-history';
import { ReviewWorkspace } from '@/components/review/review-workspace';
import { StateBadge } from '@/components/review/state-badge';
import { getT } from '@/lib/i18n/server';
import { FIELD_REASONS, PHOTO_REASONS } from '@/lib/identity/reason-codes';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { documentViewUrl } from '@/lib/server/documents/view-url';
import { recordNotFound } from '@/lib/server/audit/record-not-found';
import { AppError } from '@/lib/server/errors';
import { openReview } from '@/lib/server/reviews/open-review';
import { filterSearch } from '../query';
import { claimAction, decideAction, releaseAction, revealAction } from './actions';
import { reviewClientMessages } from './messages';
import { keyIn, tKnown } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('review.screen.title') };
}

const NOTICES = new Set(['review.errors.changedMeanwhile', 'review.errors.claimedByOther']);
const REVIEWABLE = new Set(['submitted', 'in_review', 'escalated']);

/** The review screen (tablet): the submission beside the registrar's and admissions' records and the photos. */
export default async function ReviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ from?: string; notice?: string }>;
}) {
  const [access, { t, locale }, { id }, sp] = await Promise.all([getAccess(), getT(), params, searchParams]);
  if (!access || (!hasRole(access, 'reviewer') && !hasRole(access, 'registrar'))) redirect('/staff');
  const view = await openReview({ access, input: { recordId: id } }).catch(async (e: unknown) => {
    // Another department's record looks exactly like a missing one; either way it is audited.
    if (e instanceof AppError && e.code === 'not_found') {
      await recordNotFound({ access, input: { entityType: 'identity_record', entityId: id, path: `/staff/reviews/${id}` } });
      notFound();
    }
    throw e;
  });
  // One signed URL per photo; documentViewUrl writes the audit event of each view.
  const order = ['id_front', 'id_back', 'passport_data'];
  const sorted = [...view.photos].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  const photos = await Promise.all(
    sorted.map(async (ph) => ({
      kind: ph.kind,
      label: t(keyIn('photo.kinds', ph.kind)),
      url: await documentViewUrl({ access, input: { documentId: ph.documentId, variant: 'full' } }).catch(() => null),
    })),
  );
  const from = filterSearch(Object.fromEntries(new URLSearchParams(sp.from ?? '')));
  const backHref = `/staff/reviews${from ? `?${from}` : ''}`;
  const claim = view.record.claim;
  const claimStatus = !claim ? 'free' : claim.mine ? 'mine' : claim.live ? 'other' : 'idle';
  const claimer = claim?.name ?? t('review.list.unknownReviewer');
  const blocked = !REVIEWABLE.has(view.record.state)
    ? t('review.errors.notReviewable')
    : claimStatus === 'other'
      ? t('review.claim.claimedBy', { name: claimer })
      : null;
  const date = dateFormat(locale, 'dateTime');
  const notice = sp.notice && NOTICES.has(sp.notice) ? tKnown(t, sp.notice) : null;
  const lateClass =
    view.record.lateness === 'overdue'
      ? 'bg-red-100 text-red-800 font-semibold'
      : view.record.lateness === 'due'
        ? 'bg-amber-100 text-amber-900'
        : 'text-slate-600';

  return (
    <div className="space-y-3 p-3 md:p-4">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <Link href={backHref} className="tap inline-flex items-center rounded-lg px-2 text-sm text-brand-700 hover:bg-slate-100">
          ← {t('review.screen.back')}
        </Link>
        <h1 className="text-lg font-semibold" data-testid="review-student">
          {view.student.name}
        </h1>
        <span className="font-mono text-sm text-slate-500">{view.student.number}</span>
        <span className="text-sm text-slate-600">
          {locale === 'zh-CN' ? view.student.department.nameZh : view.student.department.nameEn} ·{' '}
          {t('review.filters.cohortValue', { cohort: view.student.cohort })}
        </span>
        <StateBadge t={t} state={view.record.state} />
        {view.record.submittedAt && (
          <span className={`rounded px-1.5 py-0.5 text-xs ${lateClass}`}>
            {t('review.list.waited', { n: view.record.waitedDays })} / {t('review.list.target', { n: view.record.targetDays })}
          </span>
        )}
        {view.version && (
          <span className="text-xs text-slate-500">
            {t('review.screen.seq', { n: view.version.seq })} · {date.format(view.version.createdAt)}
          </span>
        )}
        <a
          href={`/staff/reviews/${view.record.id}/print`}
          target="_blank"
          rel="noopener"
          className="tap inline-flex items-center rounded-lg px-2 text-sm text-brand-700 hover:bg-slate-100"
          data-testid="print-dossier"
        >
          {t('archive.printForm')}
        </a>
        <div className="ml-auto">
          {REVIEWABLE.has(view.record.state) && (
            <ClaimBar
              recordId={view.record.id}
              status={claimStatus}
              claimAction={claimAction}
              releaseAction={releaseAction}
              labels={{
                text:
                  claimStatus === 'mine'
                    ? t('review.claim.mine')
                    : claimStatus === 'other'
                      ? t('review.claim.claimedBy', { name: claimer })
                      : claimStatus === 'idle'
                        ? t('review.claim.idle', { name: claimer })
                        : t('review.claim.free'),
                claim: t('review.claim.claim'),
                release: t('review.claim.release'),
                takeOver: t('review.claim.takeOver'),
                errors: Object.fromEntries(
                  (
                    [
                      'review.errors.claimedByOther',
                      'review.errors.notReviewable',
                      'review.errors.notYourClaim',
                      'errors.internal',
                      'errors.not_found',
                      'errors.forbidden',
                    ] as const
                  ).map((k) => [k, t(k)]),
                ),
              }}
            />
          )}
        </div>
      </header>
      {view.verificationBlocker && (
        <div role="status" className="rounded-xl bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-inset ring-red-300" data-testid="verification-blocked">
          <p className="font-semibold">{t('integrity.blockedTitle')}</p>
          <p>
            {view.verificationBlocker.reason === 'open_case'
              ? t('integrity.blockedOpenCase', { kind: t(`integrity.caseKind.${view.verificationBlocker.caseKind}`) })
              : t('integrity.blockedDuplicateFlag')}
          </p>
          {view.verificationBlocker.caseId && (
            <Link
              href={`/staff/cases/${view.verificationBlocker.caseId}`}
              className="tap mt-1 inline-flex items-center font-medium text-brand-700 underline"
              data-testid="verification-blocked-case"
            >
              {t('integrity.openCase')}
            </Link>
          )}
        </div>
      )}
      {notice && (
        <p role="alert" className="rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="review-notice">
          {notice}
        </p>
      )}
      {view.version ? (
        <ReviewWorkspace
          key={`${view.record.revision}:${view.version.id}`}
          recordId={view.record.id}
          revision={view.record.revision}
          blocked={blocked}
          verifyBlocked={view.verificationBlocker ? t('integrity.verificationBlocked') : null}
          rows={buildCompareRows(view, t, locale)}
          photos={photos}
          findings={buildFindings(view, t)}
          fieldReasons={FIELD_REASONS.map((code) => ({ code, label: t(`reasons.${code}`) }))}
          photoReasons={PHOTO_REASONS.map((code) => ({ code, label: t(`reasons.${code}`) }))}
          messages={reviewClientMessages(t)}
          backHref={backHref}
          decideAction={decideAction}
          revealAction={revealAction}
        />
      ) : (
        <p className="text-sm text-slate-500">{t('review.screen.noVersion')}</p>
      )}
      <ReviewHistory t={t} locale={locale} events={view.events} submitChecks={view.submitChecks} comparedAt={view.comparison.at} />
    </div>
  );
}
