import { dateFormat } from '@/lib/domain/dates';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { CaseForms } from './case-forms';
import { CaseList, caseAgeLabel } from '@/components/cases/case-list';
import { CaseTimeline } from '@/components/cases/case-timeline';
import { Chip, KindChip, LegalChip, StatusChip } from '@/components/cases/chips';
import { filterQuery, parseCaseFilters } from '@/lib/domain/case-filters';
import { StudentPanel } from '@/components/cases/student-panel';
import { getT } from '@/lib/i18n/server';
import { hasRole, type Access } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { getCase } from '@/lib/server/cases/get-case';
import { listAssignableStaff } from '@/lib/server/cases/list-assignable-staff';
import { listDepartments } from '@/lib/server/roster/list-departments';
import { listCases } from '@/lib/server/cases/list-cases';
import { documentViewUrl } from '@/lib/server/documents/view-url';
import { recordNotFound } from '@/lib/server/audit/record-not-found';
import { toAppError } from '@/lib/server/errors';
import { keyIn, tKnown } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('cases.title') };
}

const MESSAGE = /^(cases|errors|photo)\.[A-Za-z_.]+$/;

/** Signed thumbnail URLs, each view audited by documentViewUrl; a photo that cannot be shown is left out. */
async function thumbs(access: Access, ids: string[]): Promise<Record<string, string | null>> {
  const urls = await Promise.all(ids.map((documentId) => documentViewUrl({ access, input: { documentId, variant: 'thumb' } }).catch(() => null)));
  return Object.fromEntries(ids.map((id, i) => [id, urls[i]!]));
}

export default async function CasePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [access, { t, locale }, { id }, sp] = await Promise.all([getAccess(), getT(), params, searchParams]);
  if (!access || (!hasRole(access, 'registrar') && !hasRole(access, 'reviewer'))) redirect('/staff');
  const canManage = hasRole(access, 'registrar');
  const filters = { ...parseCaseFilters(sp), cursor: undefined };
  const c = await getCase({ access, input: { caseId: id } }).catch(async (e: unknown) => {
    // A case of another department looks exactly like a missing one; either way it is audited.
    if (toAppError(e).code === 'not_found') {
      await recordNotFound({ access, input: { entityType: 'case', entityId: id, path: `/staff/cases/${id}` } });
      notFound();
    }
    throw e;
  });
  const [page, staff, photoUrls, evidenceUrls] = await Promise.all([
    listCases({ access, input: filters }),
    canManage && c.status !== 'closed' ? listAssignableStaff({ access }) : Promise.resolve([]),
    thumbs(
      access,
      [...(c.student?.photos ?? []), ...(c.related?.photos ?? [])].map((p) => p.documentId),
    ),
    thumbs(
      access,
      c.events.filter((e) => e.kind === 'document_received' && e.documentId).map((e) => e.documentId!),
    ),
  ]);
  const fmt = dateFormat(locale, 'dateTime');
  // A server component renders once per request: "now" is the request's time, not a render impurity.
  // eslint-disable-next-line react-hooks/purity
  const now = Date.now();
  const schools = new Map((await listDepartments(access!)).map((d) => [d.code, locale === 'zh-CN' ? d.nameZh : d.nameEn]));
  const schoolOf = (code: string) => schools.get(code) ?? code;
  const ok = typeof sp.ok === 'string' && MESSAGE.test(sp.ok) ? sp.ok : null;
  const err = typeof sp.err === 'string' && MESSAGE.test(sp.err) ? sp.err : null;
  const list = filterQuery(filters).replace(/^\?/, '');
  const pair = c.relatedStudentId !== null;
  return (
    <div className="grid h-full md:grid-cols-[minmax(15rem,18rem)_1fr]">
      <div className="hidden md:block">
        <CaseList t={t} page={page} filters={filters} selectedId={c.id} now={now} schoolOf={schoolOf} />
      </div>
      <div className="min-w-0 space-y-4 p-4 md:p-6" data-testid="case-detail" data-status={c.status} data-revision={c.revision}>
        <Link href={`/staff/cases${filterQuery(filters)}`} className="tap inline-flex items-center text-sm text-brand-700 md:hidden">
          ← {t('cases.back')}
        </Link>
        <header className="space-y-2">
          <div className="flex flex-wrap items-center gap-2">
            <StatusChip status={c.status} label={t(`cases.status.${c.status}`)} />
            <KindChip kind={c.kind} label={t(`cases.kind.${c.kind}`)} />
            {c.legalConsultation && <LegalChip label={t('cases.legalFlag')} />}
            {c.outcome && <Chip>{t(`cases.outcome.${c.outcome}`)}</Chip>}
            <Chip>{t(keyIn('cases.source', c.source))}</Chip>
          </div>
          <h1 className="text-xl font-semibold">
            {c.student?.name ?? '—'} <span className="font-mono text-sm text-slate-500">{c.student?.studentNumber}</span>
          </h1>
          <p className="flex flex-wrap gap-x-4 text-sm text-slate-600">
            <span>
              {t('cases.openedAt', { date: fmt.format(c.openedAt) })} ({caseAgeLabel(t, c.openedAt, c.closedAt, now)})
            </span>
            {c.openedBy && <span>{t('cases.openedBy', { name: c.openedBy.name ?? '—' })}</span>}
            <span>
              {t('cases.assignee')}
              {locale === 'zh-CN' ? '：' : ': '}
              <span data-testid="case-assignee">{c.assignee ? (c.assignee.name ?? '—') : t('cases.unassigned')}</span>
            </span>
            {c.closedAt && <span>{t('cases.closedAt', { date: fmt.format(c.closedAt) })}</span>}
          </p>
          {c.outcomeReason && <p className="whitespace-pre-wrap rounded-lg bg-slate-100 px-3 py-2 text-sm">{c.outcomeReason}</p>}
        </header>
        <div id="case-result">
          {ok && (
            <p role="status" className="rounded-lg bg-green-50 px-3 py-2 text-sm text-green-800">
              {tKnown(t, ok)}
            </p>
          )}
          {err && (
            <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="case-error">
              {tKnown(t, err)}
            </p>
          )}
        </div>
        <div className={`grid gap-3 ${pair ? 'lg:grid-cols-2' : ''}`} data-testid={pair ? 'duplicate-pair' : undefined}>
          {c.student && <StudentPanel t={t} locale={locale} title={t('cases.student')} student={c.student} thumbs={photoUrls} testId="case-student" />}
          {pair &&
            (c.related ? (
              <StudentPanel t={t} locale={locale} title={t('cases.related')} student={c.related} thumbs={photoUrls} testId="case-related" />
            ) : (
              <p className="rounded-2xl bg-white p-4 text-sm text-slate-500 shadow-sm">{t('cases.relatedHidden')}</p>
            ))}
        </div>
        {c.requests.length > 0 && (
          <section className="rounded-2xl bg-white p-4 shadow-sm" aria-labelledby="case-requests">
            <h2 id="case-requests" className="text-base font-semibold">
              {t('cases.requestsTitle')}
            </h2>
            <ul className="mt-2 space-y-2 text-sm">
              {c.requests.map((r) => (
                <li key={r.id} className="flex items-start justify-between gap-3">
                  <span className="whitespace-pre-wrap">{r.what}</span>
                  <span className={`shrink-0 text-xs ${r.received.length ? 'text-emerald-700' : 'text-violet-700'}`}>
                    {r.received.length ? t('cases.requestReceived', { n: r.received.length }) : t('cases.requestWaiting')}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}
        <div className="grid gap-4 xl:grid-cols-[1fr_22rem]">
          <CaseTimeline t={t} locale={locale} c={c} evidence={evidenceUrls} />
          <CaseForms t={t} c={c} staff={staff} canManage={canManage} list={list} />
        </div>
      </div>
    </div>
  );
}
