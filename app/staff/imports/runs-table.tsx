import Link from 'next/link';
import type { Locale, T } from '@/lib/i18n';
import type { ImportRunSummary } from '@/lib/server/imports/list-runs';
import { dateTimeFormat, STATUS_STYLE } from './format';

export function RunsTable({ runs, t, locale }: { runs: ImportRunSummary[]; t: T; locale: Locale }) {
  const fmt = dateTimeFormat(locale);
  if (!runs.length) return <p className="text-sm text-slate-500">{t('imports.runs.empty')}</p>;
  return (
    <div tabIndex={0} className="overflow-x-auto rounded-2xl bg-white shadow-sm focus-visible:outline-2 focus-visible:outline-brand-600">
      <table className="w-full text-left text-sm" data-testid="import-runs">
        <thead className="border-b border-slate-200 text-xs text-slate-500">
          <tr>
            <th className="px-3 py-2 font-medium">{t('imports.runs.when')}</th>
            <th className="whitespace-nowrap px-3 py-2 font-medium">{t('imports.runs.who')}</th>
            <th className="px-3 py-2 font-medium">{t('imports.runs.kind')}</th>
            <th className="px-3 py-2 font-medium">{t('imports.runs.file')}</th>
            <th className="px-3 py-2 font-medium">{t('imports.runs.hash')}</th>
            <th className="px-3 py-2 font-medium">{t('imports.runs.counts')}</th>
            <th className="px-3 py-2 font-medium">{t('imports.runs.status')}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} className="border-b border-slate-100 last:border-0">
              <td className="whitespace-nowrap px-3 py-2">
                <Link href={`/staff/imports/${r.id}`} className="text-brand-700 underline-offset-2 hover:underline">
                  {fmt.format(r.startedAt)}
                </Link>
              </td>
              <td className="whitespace-nowrap px-3 py-2">{r.startedByName ?? '—'}</td>
              <td className="whitespace-nowrap px-3 py-2">{t(`imports.kinds.${r.kind}`)}</td>
              <td className="max-w-[12rem] truncate px-3 py-2" title={r.fileName}>
                {r.fileName}
              </td>
              <td className="px-3 py-2 font-mono text-xs" title={r.fileSha256}>
                {r.fileSha256.slice(0, 12)}
              </td>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums">
                {r.inserted} / {r.updated} / {r.unchanged} / {r.errorRows}
              </td>
              <td className="whitespace-nowrap px-3 py-2">
                <span className={`rounded-full px-2 py-0.5 text-xs ${STATUS_STYLE[r.status] ?? ''}`}>{t(`imports.status.${r.status}`)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
