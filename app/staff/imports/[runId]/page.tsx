import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { getT } from '@/lib/i18n/server';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { AppError } from '@/lib/server/errors';
import { getImportRun, type ImportRunDetail } from '@/lib/server/imports/get-run';
import { dateTimeFormat, formatFailure, STATUS_STYLE } from '../format';
import { keyIn, tKnown } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('imports.result.title') };
}

export default async function ImportRunPage({ params }: { params: Promise<{ runId: string }> }) {
  const [access, { t, locale }, { runId }] = await Promise.all([getAccess(), getT(), params]);
  if (!access || !hasRole(access, 'registrar')) redirect('/staff');
  let run: ImportRunDetail;
  try {
    run = await getImportRun({ access, input: { runId } });
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') notFound();
    throw e;
  }
  const fmt = dateTimeFormat(locale);
  const counts: [string, number, string?][] = [
    [t('imports.result.total'), run.totalRows],
    [t('imports.result.inserted'), run.inserted],
    [t('imports.result.updated'), run.updated],
    [t('imports.result.unchanged'), run.unchanged],
    [t('imports.result.errorRows'), run.errorRows, run.errorRows ? 'text-red-700' : undefined],
  ];
  return (
    <div className="max-w-5xl space-y-5 p-4 md:p-6">
      <Link href="/staff/imports" className="text-sm text-brand-700 hover:underline">
        ← {t('imports.result.back')}
      </Link>
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t('imports.result.title')}</h1>
        <span className={`rounded-full px-3 py-1 text-sm ${STATUS_STYLE[run.status] ?? ''}`} data-testid="import-status">
          {t(`imports.status.${run.status}`)}
        </span>
      </header>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">{t('imports.runs.file')}</dt>
        <dd className="break-all">
          {run.fileName} · {t(`imports.kinds.${run.kind}`)} · {t(`imports.formats.${run.format}`)}
          {run.encoding ? ` · ${t(keyIn('imports.encodings', run.encoding))}` : ''}
        </dd>
        <dt className="text-slate-500">{t('imports.result.startedBy')}</dt>
        <dd>{run.startedByName ?? '—'}</dd>
        <dt className="text-slate-500">{t('imports.result.startedAt')}</dt>
        <dd>{fmt.format(run.startedAt)}</dd>
        <dt className="text-slate-500">{t('imports.result.sha')}</dt>
        <dd className="break-all font-mono text-xs">{run.fileSha256}</dd>
      </dl>
      {run.status === 'failed' && (
        <div role="alert" className="rounded-2xl bg-red-50 p-4 text-sm text-red-800">
          <p className="font-medium">{t('imports.result.failedTitle')}</p>
          <p className="mt-1">{formatFailure(t, run.failure)}</p>
        </div>
      )}
      {run.sameFileAs && (
        <p className="rounded-lg bg-slate-100 px-3 py-2 text-sm">
          <Link href={`/staff/imports/${run.sameFileAs.runId}`} className="hover:underline">
            {t('imports.result.sameFile', { date: fmt.format(run.sameFileAs.startedAt) })}
          </Link>
        </p>
      )}
      {run.status === 'succeeded' && (
        <div className="grid grid-cols-2 gap-3 md:grid-cols-5" data-testid="import-counts">
          {counts.map(([label, n, cls]) => (
            <div key={label} className="rounded-2xl bg-white p-3 shadow-sm">
              <div className="text-xs text-slate-500">{label}</div>
              <div className={`text-2xl font-semibold tabular-nums ${cls ?? ''}`}>{n}</div>
            </div>
          ))}
        </div>
      )}
      {run.status === 'succeeded' && run.kind === 'registrar' && (
        <p className="text-sm">
          <span className="text-slate-500">{t('imports.result.roster')}：</span>
          {t('imports.result.rosterValue', { inserted: run.rosterInserted, updated: run.rosterUpdated })}
        </p>
      )}
      {run.status === 'succeeded' && (
        <section aria-labelledby="errors-title" className="space-y-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="errors-title" className="text-lg font-semibold">
              {t('imports.result.errorsTitle')}
            </h2>
            {run.errorCount > 0 && (
              <a
                href={`/staff/imports/${run.id}/errors?locale=${locale}`}
                className="tap inline-flex items-center rounded-lg border border-brand-600 px-3 text-sm text-brand-700 hover:bg-brand-50"
                data-testid="download-errors"
              >
                {t('imports.result.download')}
              </a>
            )}
          </div>
          {run.errorCount === 0 ? (
            <p className="text-sm text-slate-500">{t('imports.result.noErrors')}</p>
          ) : (
            <>
              {run.errorCount > run.errors.length && (
                <p className="text-xs text-slate-500">{t('imports.result.errorsShown', { shown: run.errors.length, total: run.errorCount })}</p>
              )}
              <div tabIndex={0} className="overflow-x-auto rounded-2xl bg-white shadow-sm focus-visible:outline-2 focus-visible:outline-brand-600">
                <table className="w-full text-left text-sm" data-testid="import-errors">
                  <thead className="border-b border-slate-200 text-xs text-slate-500">
                    <tr>
                      <th className="px-3 py-2 font-medium">{t('imports.result.row')}</th>
                      <th className="px-3 py-2 font-medium">{t('imports.result.column')}</th>
                      <th className="px-3 py-2 font-medium">{t('imports.result.problem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {run.errors.map((e, i) => (
                      <tr key={i} className="border-b border-slate-100 last:border-0">
                        <td className="px-3 py-2 tabular-nums">{e.rowNumber}</td>
                        <td className="px-3 py-2">{e.column ?? t('imports.report.wholeRow')}</td>
                        <td className="px-3 py-2">{tKnown(t, e.code)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      )}
    </div>
  );
}
