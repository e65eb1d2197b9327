import { dateFormat } from '@/lib/domain/dates';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getT } from '@/lib/i18n/server';
import { getAccess } from '@/lib/server/auth/session';
import { listSharedStudents } from '@/lib/server/sharing/list-shared';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('sharing.portalTitle') };
}

type SP = { q?: string; department?: string; cohort?: string; changedSince?: string; page?: string; office?: string };

export default async function OfficePortal({ searchParams }: { searchParams: Promise<SP> }) {
  const [access, { t, locale }, sp] = await Promise.all([getAccess(), getT(), searchParams]);
  const clean: SP = Object.fromEntries(
    Object.entries(sp).filter(([k, v]) => typeof v === 'string' && v !== '' && ['q', 'department', 'cohort', 'changedSince', 'page', 'office'].includes(k)),
  );
  let res: Awaited<ReturnType<typeof listSharedStudents>>;
  try {
    res = await listSharedStudents({ access, input: clean });
  } catch {
    // Bad filters (a hand-edited URL) fall back to the unfiltered first page.
    res = await listSharedStudents({ access, input: { office: clean.office } }).catch(() => null as never);
    if (!res) return <p className="p-6 text-sm text-slate-600">{t('sharing.noOffice')}</p>;
  }
  const { office, offices, rows, total, page, pageSize } = res;
  const fmt = dateFormat(locale, 'dateTime');
  const officeName = locale === 'zh-CN' ? office.nameZh : office.nameEn;
  const fieldList = office.fields.map((f) => t(`sharing.fieldNames.${f}`)).join('、');
  const qs = (extra: Record<string, string>) => `?${new URLSearchParams({ ...clean, office: office.id, ...extra } as Record<string, string>)}`;
  const exportQs = (format: string) => {
    const p = { ...clean, office: office.id, format } as Record<string, string>;
    delete p.page;
    return `?${new URLSearchParams(p)}`;
  };
  const input = 'tap rounded-lg border border-slate-300 px-2 text-sm';
  return (
    <div className="p-4 md:p-6">
      <h1 className="text-2xl font-semibold">{t('sharing.portalTitle')}</h1>
      <p className="mt-1 text-sm text-slate-600" data-testid="granted-fields">
        {t('sharing.portalIntro', { office: officeName, fields: fieldList || '—' })}
      </p>
      <form className="mt-4 flex flex-wrap items-end gap-2" role="search">
        {offices.length > 1 ? (
          <label className="flex flex-col text-xs text-slate-500">
            {t('sharing.chooseOffice')}
            <select name="office" defaultValue={office.id} className={input}>
              {offices.map((o) => (
                <option key={o.id} value={o.id}>
                  {locale === 'zh-CN' ? o.nameZh : o.nameEn}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <input type="hidden" name="office" value={office.id} />
        )}
        <label className="flex flex-col text-xs text-slate-500">
          {t('sharing.search')}
          <input name="q" defaultValue={clean.q ?? ''} maxLength={60} className={`${input} w-56`} />
        </label>
        <label className="flex flex-col text-xs text-slate-500">
          {t('sharing.department')}
          <input name="department" defaultValue={clean.department ?? ''} maxLength={32} className={`${input} w-28`} />
        </label>
        <label className="flex flex-col text-xs text-slate-500">
          {t('sharing.cohort')}
          <input name="cohort" type="number" min={1950} max={2100} defaultValue={clean.cohort ?? ''} className={`${input} w-24`} />
        </label>
        <label className="flex flex-col text-xs text-slate-500">
          {t('sharing.changedSince')}
          <input name="changedSince" type="date" defaultValue={clean.changedSince ?? ''} className={input} />
        </label>
        <button type="submit" className="tap rounded-lg bg-brand-600 px-3 text-sm text-white">
          {t('sharing.filter')}
        </button>
        <Link href="/office" className="tap inline-flex items-center rounded-lg px-3 text-sm text-slate-600 hover:bg-slate-100">
          {t('sharing.clear')}
        </Link>
      </form>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm text-slate-600" data-testid="total">
          {t('sharing.total', { n: String(total) })}
        </span>
        <div className="flex gap-2">
          <a
            href={`/office/export${exportQs('csv')}`}
            className="tap inline-flex items-center rounded-lg border border-slate-300 px-3 text-sm"
            data-testid="export-csv"
            download
          >
            {t('sharing.exportCsv')}
          </a>
          <a
            href={`/office/export${exportQs('xlsx')}`}
            className="tap inline-flex items-center rounded-lg border border-slate-300 px-3 text-sm"
            data-testid="export-xlsx"
            download
          >
            {t('sharing.exportXlsx')}
          </a>
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="mt-4 text-sm text-slate-500">{t('sharing.empty')}</p>
      ) : (
        <div tabIndex={0} className="mt-3 overflow-x-auto rounded-2xl bg-white shadow-sm focus-visible:outline-2 focus-visible:outline-brand-600">
          <table className="w-full text-left text-sm" data-testid="shared-table">
            <thead className="border-b border-slate-200 text-xs text-slate-500">
              <tr>
                {office.fields.map((f) => (
                  <th key={f} className="px-3 py-2" data-field={f}>
                    {t(`sharing.fieldNames.${f}`)}
                  </th>
                ))}
                <th className="px-3 py-2">{t('sharing.changedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-b border-slate-100">
                  {office.fields.map((f) => {
                    const v =
                      f === 'department' && r.department
                        ? locale === 'zh-CN'
                          ? r.department.name_zh
                          : r.department.name_en
                        : (r.fields as Record<string, unknown>)[f];
                    return (
                      <td key={f} className="px-3 py-2">
                        {v == null ? '—' : String(v)}
                      </td>
                    );
                  })}
                  <td className="whitespace-nowrap px-3 py-2 text-xs text-slate-500">{r.changed_at ? fmt.format(new Date(r.changed_at)) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="mt-4 flex gap-2" aria-label="pagination">
        {page > 1 && (
          <Link href={qs({ page: String(page - 1) })} className="tap inline-flex items-center rounded-lg px-3 text-sm text-brand-700 hover:bg-brand-50">
            ← {t('sharing.prev')}
          </Link>
        )}
        {page * pageSize < total && (
          <Link href={qs({ page: String(page + 1) })} className="tap inline-flex items-center rounded-lg px-3 text-sm text-brand-700 hover:bg-brand-50">
            {t('sharing.next')} →
          </Link>
        )}
      </nav>
    </div>
  );
}
