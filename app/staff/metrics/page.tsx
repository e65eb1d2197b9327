import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { BarChart } from '@/components/charts/bar-chart';
import { getT } from '@/lib/i18n/server';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { processMetrics } from '@/lib/server/metrics/process-metrics';
import { listDepartments } from '@/lib/server/roster/list-departments';
import { ClassCompletionSection } from './class-completion';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('metrics.title') };
}

const hours = (s: number | null) => (s === null ? '—' : (s / 3600).toFixed(1));

/** Server-rendered: charts are SVG with the same numbers in tables below them. */
export default async function MetricsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const [access, { t, locale }, sp] = await Promise.all([getAccess(), getT(), searchParams]);
  if (!hasRole(access, 'reviewer') && !hasRole(access, 'registrar')) redirect('/staff');
  const input = {
    from: sp.from || undefined,
    to: sp.to || undefined,
    semester: sp.semester || undefined,
    departmentId: sp.departmentId || '',
    className: sp.className || '',
  };
  const [m, departments] = await Promise.all([processMetrics({ access, input }), listDepartments(access!)]);
  const qs = new URLSearchParams(Object.entries(input).filter(([, v]) => v) as [string, string][]).toString();
  const th = 'px-2 py-1 text-left font-medium';
  return (
    <div className="mx-auto max-w-5xl space-y-5 p-6">
      <h1 className="text-xl font-semibold">{t('metrics.title')}</h1>
      <form className="flex flex-wrap items-end gap-2 rounded-2xl bg-white p-4 text-sm shadow-sm" role="search">
        <label className="grid gap-1">
          <span>{t('metrics.semester')}</span>
          <select name="semester" defaultValue={sp.semester ?? ''} className="tap rounded-lg border border-slate-300 px-2">
            <option value="">{t('metrics.all')}</option>
            {m.semesters.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="grid gap-1">
          <span>{t('metrics.from')}</span>
          <input type="date" name="from" defaultValue={m.filter.from} className="tap rounded-lg border border-slate-300 px-2" />
        </label>
        <label className="grid gap-1">
          <span>{t('metrics.to')}</span>
          <input type="date" name="to" defaultValue={m.filter.to} className="tap rounded-lg border border-slate-300 px-2" />
        </label>
        <label className="grid gap-1">
          <span>{t('metrics.department')}</span>
          <select name="departmentId" defaultValue={sp.departmentId ?? ''} className="tap rounded-lg border border-slate-300 px-2">
            <option value="">{t('metrics.all')}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {locale === 'zh-CN' ? d.nameZh : d.nameEn}
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1">
          <span>{t('metrics.className')}</span>
          <input name="className" defaultValue={sp.className ?? ''} maxLength={50} className="tap w-28 rounded-lg border border-slate-300 px-2" />
        </label>
        <button className="tap rounded-lg bg-brand-600 px-4 text-white">{t('metrics.apply')}</button>
        <a href={`/staff/metrics/export?${qs}`} className="tap inline-flex items-center rounded-lg border border-slate-300 px-4">
          {t('metrics.export')}
        </a>
      </form>

      <section className="rounded-2xl bg-white p-5 shadow-sm" data-testid="metrics-decision-time">
        <h2 className="font-semibold">{t('metrics.decisionTime')}</h2>
        {m.decisionTimes.length === 0 ? (
          <p className="text-sm text-slate-500">{t('metrics.empty')}</p>
        ) : (
          <>
            <BarChart
              data={m.decisionTimes.map((w) => ({ label: w.week, value: Number(hours(w.median_s)) }))}
              label={t('metrics.decisionTime')}
              columns={[t('metrics.week'), t('metrics.median')]}
            />
            <table className="mt-2 text-sm">
              <thead>
                <tr>
                  <th className={th}>{t('metrics.week')}</th>
                  <th className={th}>{t('metrics.decisions')}</th>
                  <th className={th}>{t('metrics.median')}</th>
                  <th className={th}>{t('metrics.p90')}</th>
                  <th className={th}>{t('metrics.returnRate')}</th>
                </tr>
              </thead>
              <tbody>
                {m.decisionTimes.map((w) => (
                  <tr key={w.week}>
                    <td className="px-2">{w.week}</td>
                    <td className="px-2">{w.decisions}</td>
                    <td className="px-2">{hours(w.median_s)}</td>
                    <td className="px-2">{hours(w.p90_s)}</td>
                    <td className="px-2">{Math.round((w.returned / w.decisions) * 100)}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        <p className="mt-2 text-sm text-slate-600">
          {t('metrics.resubmissions', {
            avg: m.resubmissions.avg_resubmissions.toFixed(2),
            max: m.resubmissions.max_resubmissions,
            n: m.resubmissions.records,
          })}
        </p>
      </section>

      <section className="rounded-2xl bg-white p-5 shadow-sm">
        <h2 className="font-semibold">{t('metrics.topReasons')}</h2>
        {m.topReasons.length === 0 ? (
          <p className="text-sm text-slate-500">{t('metrics.empty')}</p>
        ) : (
          <BarChart
            data={m.topReasons.map((r) => ({ label: r.target.replace(/^(field|document):/, ''), value: r.n }))}
            label={t('metrics.topReasons')}
            caption={t('metrics.topReasons')}
            columns={[t('metrics.reason'), t('metrics.count')]}
          />
        )}
      </section>

      <div className="grid gap-5 md:grid-cols-2">
        <section className="rounded-2xl bg-white p-5 shadow-sm">
          <h2 className="font-semibold">{t('metrics.cases')}</h2>
          <table className="mt-2 text-sm">
            <thead>
              <tr>
                <th className={th}>{t('metrics.kind')}</th>
                <th className={th}>{t('metrics.opened')}</th>
                <th className={th}>{t('metrics.closed')}</th>
                <th className={th}>{t('metrics.outcomes')}</th>
              </tr>
            </thead>
            <tbody>
              {m.cases.map((c) => (
                <tr key={c.kind}>
                  <td className="px-2">{c.kind}</td>
                  <td className="px-2">{c.opened}</td>
                  <td className="px-2">{c.closed}</td>
                  <td className="px-2">
                    {c.verified}/{c.corrected}/{c.merged}/{c.rejected}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="rounded-2xl bg-white p-5 shadow-sm">
          <h2 className="font-semibold">{t('metrics.workload')}</h2>
          <table className="mt-2 text-sm">
            <thead>
              <tr>
                <th className={th}>{t('metrics.reviewer')}</th>
                <th className={th}>{t('metrics.decisions')}</th>
                <th className={th}>{t('metrics.breaches')}</th>
              </tr>
            </thead>
            <tbody>
              {m.workload.map((w, i) => (
                <tr key={i}>
                  <td className="px-2">{w.reviewer}</td>
                  <td className="px-2">{w.decisions}</td>
                  <td className="px-2">{w.sla_breaches}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      <section className="rounded-2xl bg-white p-5 shadow-sm">
        <h2 className="font-semibold">{t('metrics.confirmation')}</h2>
        {m.confirmation.length === 0 ? (
          <p className="text-sm text-slate-500">{t('metrics.empty')}</p>
        ) : (
          <BarChart
            data={m.confirmation.map((c) => ({ label: `${c.department} ${c.campaign}`, value: Math.round((c.confirmed / c.total) * 100) }))}
            label={t('metrics.confirmation')}
            caption={t('metrics.confirmation')}
            columns={[t('metrics.campaign'), t('metrics.completion')]}
          />
        )}
      </section>

      <ClassCompletionSection rows={m.classCompletion} t={t} />
    </div>
  );
}
