import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Flash } from '@/components/campaigns/flash';
import { CorrectionDiff } from '@/components/campaigns/correction-diff';
import { formatShanghai } from '@/lib/domain/dates';
import { getT } from '@/lib/i18n/server';
import { FIELD_REASONS } from '@/lib/identity/reason-codes';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { getCorrection, type CorrectionDetail } from '@/lib/server/corrections/get-correction';
import { listCorrections } from '@/lib/server/corrections/list-corrections';
import { listDepartments } from '@/lib/server/roster/list-departments';
import { documentViewUrl } from '@/lib/server/documents/view-url';
import { AppError } from '@/lib/server/errors';
import { decideCorrectionAction } from './actions';
import { keyIn } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('corrections.title') };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The correction queue (tablet): requests of the reviewer's departments on the left, one open on the right. */
export default async function CorrectionsPage({ searchParams }: { searchParams: Promise<{ id?: string; view?: string; ok?: string; err?: string }> }) {
  const [access, { t, locale }, sp] = await Promise.all([getAccess(), getT(), searchParams]);
  if (!access || (!hasRole(access, 'reviewer') && !hasRole(access, 'registrar'))) redirect('/staff');
  const view = sp.view === 'decided' ? 'decided' : 'pending';
  const [items, departments] = await Promise.all([listCorrections({ access, input: { view } }), listDepartments(access)]);
  const school = new Map(departments.map((d) => [d.code, locale === 'zh-CN' ? d.nameZh : d.nameEn]));
  let selected: CorrectionDetail | null = null;
  if (sp.id && UUID.test(sp.id)) {
    selected = await getCorrection({ access, input: { requestId: sp.id } }).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'not_found') return null;
      throw e;
    });
  }
  // One signed URL per evidence photo; documentViewUrl writes the audit event of each view.
  const photos = selected
    ? await Promise.all(
        selected.evidenceDocumentIds.map(async (documentId) => ({
          documentId,
          url: await documentViewUrl({ access, input: { documentId, variant: 'full' } }).catch(() => null),
        })),
      )
    : [];
  const date = (d: Date) => formatShanghai(d, locale);
  const tab = (v: 'pending' | 'decided') => (
    <Link
      href={`/staff/corrections${v === 'decided' ? '?view=decided' : ''}`}
      aria-current={view === v ? 'page' : undefined}
      className={`tap flex flex-1 items-center justify-center rounded-lg text-sm ${view === v ? 'bg-white font-medium shadow-sm' : 'text-slate-600'}`}
    >
      {t(`corrections.tabs.${v}`)}
    </Link>
  );
  return (
    <div className="grid h-full md:grid-cols-[minmax(17rem,22rem)_1fr]">
      <section className="border-r border-slate-200 bg-white" aria-label={t('corrections.title')}>
        <div className="space-y-2 border-b border-slate-200 p-3">
          <h1 className="text-lg font-semibold">{t('corrections.title')}</h1>
          <nav className="flex gap-1 rounded-xl bg-slate-100 p-1">
            {tab('pending')}
            {tab('decided')}
          </nav>
        </div>
        {items.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-500" data-testid="corrections-empty">
            {t(view === 'pending' ? 'corrections.emptyPending' : 'corrections.emptyDecided')}
          </p>
        ) : (
          <ul className="max-h-[calc(100dvh-8rem)] overflow-y-auto" data-testid="corrections">
            {items.map((c) => (
              <li key={c.id}>
                <Link
                  href={`/staff/corrections?${new URLSearchParams({ ...(view === 'decided' ? { view } : {}), id: c.id })}`}
                  aria-current={c.id === selected?.id ? 'true' : undefined}
                  data-testid="correction-item"
                  className={`tap block border-b border-slate-100 px-4 py-2 text-sm ${c.id === selected?.id ? 'bg-brand-50' : 'hover:bg-slate-50'}`}
                >
                  <span className="flex items-baseline justify-between gap-2">
                    <span className="font-medium">{c.studentName}</span>
                    <span className="text-xs text-slate-500">{date(c.decidedAt ?? c.createdAt)}</span>
                  </span>
                  <span className="block text-xs text-slate-500">
                    <span className="font-mono">{c.studentNumber}</span> · {school.get(c.departmentCode) ?? c.departmentCode} ·{' '}
                    {t('campaigns.cohortValue', { cohort: c.cohort })}
                  </span>
                  <span className="mt-1 flex flex-wrap gap-1">
                    {c.fields.map((f) => (
                      <span key={f} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">
                        {t(keyIn('fields.names', f))}
                      </span>
                    ))}
                    {c.status !== 'pending' && (
                      <span
                        className={`rounded px-1.5 py-0.5 text-xs ${c.status === 'approved' ? 'bg-emerald-50 text-emerald-800' : 'bg-red-50 text-red-800'}`}
                      >
                        {t(`corrections.status.${c.status}`)}
                      </span>
                    )}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="space-y-4 p-4 md:p-6">
        <Flash t={t} ok={sp.ok} err={sp.err} />
        {!selected ? (
          <p className="text-sm text-slate-500">{t('corrections.select')}</p>
        ) : (
          <article className="space-y-4" data-testid="correction-detail" data-status={selected.status}>
            <header className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
              <h2 className="text-xl font-semibold">{selected.student.name}</h2>
              <span className="font-mono text-sm text-slate-500">{selected.student.number}</span>
              <span className="text-sm text-slate-600">
                {locale === 'zh-CN' ? selected.student.department.nameZh : selected.student.department.nameEn} ·{' '}
                {t('campaigns.cohortValue', { cohort: selected.student.cohort })}
              </span>
              <span className="text-xs text-slate-500">
                {t('corrections.requestedAt', { date: date(selected.updatedAt) })}
                {selected.campaignName ? ` · ${selected.campaignName}` : ''}
              </span>
            </header>
            <div className="rounded-2xl bg-white p-4 shadow-sm">
              <CorrectionDiff t={t} locale={locale} changes={selected.changes} />
              <p className="mt-3 text-sm">
                <span className="text-slate-500">{t('corrections.reason')}：</span>
                <span data-testid="correction-reason">{selected.reason}</span>
              </p>
            </div>
            <div className="rounded-2xl bg-white p-4 shadow-sm">
              <h3 className="text-sm font-medium">{t('corrections.evidence')}</h3>
              {photos.length === 0 ? (
                <p className="mt-2 text-sm text-slate-500">{t('corrections.noEvidence')}</p>
              ) : (
                <ul className={`mt-2 grid gap-3 ${photos.length > 1 ? 'md:grid-cols-2' : ''}`} data-testid="evidence">
                  {photos.map((ph, i) => (
                    <li key={ph.documentId}>
                      {ph.url ? (
                        <a href={ph.url} target="_blank" rel="noreferrer" className="block overflow-hidden rounded-xl bg-slate-100">
                          {/* A short-lived signed URL to the cleaned copy; each view is audited. */}
                          {/* eslint-disable-next-line @next/next/no-img-element */}
                          <img src={ph.url} alt={t('corrections.evidenceAlt', { n: i + 1 })} className="max-h-80 w-full object-contain" />
                        </a>
                      ) : (
                        <p className="text-sm text-slate-500">{t('corrections.photoMissing')}</p>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </div>
            {selected.status === 'pending' ? (
              <form action={decideCorrectionAction} className="space-y-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="decide-form">
                <input type="hidden" name="requestId" value={selected.id} />
                <input type="hidden" name="revision" value={selected.revision} />
                <input type="hidden" name="idempotencyKey" value={randomUUID()} />
                <div className="grid gap-3 md:grid-cols-2">
                  <label className="text-sm">
                    {t('corrections.rejectCode')}
                    <select
                      name="rejectCode"
                      defaultValue=""
                      className="tap mt-1 block w-full rounded-lg border border-slate-300 bg-white px-2"
                      data-testid="reject-code"
                    >
                      <option value="">{t('corrections.chooseReason')}</option>
                      {FIELD_REASONS.map((c) => (
                        <option key={c} value={c}>
                          {t(`reasons.${c}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label className="text-sm">
                    {t('corrections.comment')}
                    <input
                      name="comment"
                      maxLength={1000}
                      className="tap mt-1 block w-full rounded-lg border border-slate-300 px-2"
                      placeholder={t('corrections.commentPlaceholder')}
                    />
                  </label>
                </div>
                <div className="flex flex-wrap justify-end gap-2">
                  <button
                    type="submit"
                    name="decision"
                    value="reject"
                    className="tap rounded-lg bg-red-600 px-4 text-sm font-medium text-white"
                    data-testid="reject"
                  >
                    {t('corrections.reject')}
                  </button>
                  <button
                    type="submit"
                    name="decision"
                    value="approve"
                    className="tap rounded-lg bg-emerald-600 px-4 text-sm font-medium text-white"
                    data-testid="approve"
                  >
                    {t('corrections.approve')}
                  </button>
                </div>
                <p className="text-xs text-slate-500">{t('corrections.approveHint')}</p>
              </form>
            ) : (
              selected.decision && (
                <p className="rounded-2xl bg-white p-4 text-sm shadow-sm" data-testid="decision">
                  {t(`corrections.status.${selected.status}`)} · {date(selected.decision.at)}
                  {selected.decision.by ? ` · ${selected.decision.by}` : ''}
                  {selected.decision.rejectCode && (
                    <span className="block">
                      {t('corrections.reason')}：{t(keyIn('reasons', selected.decision.rejectCode))}
                    </span>
                  )}
                  {selected.decision.comment && <span className="block text-slate-600">{selected.decision.comment}</span>}
                </p>
              )
            )}
          </article>
        )}
      </section>
    </div>
  );
}
