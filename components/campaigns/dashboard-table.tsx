import { randomUUID } from 'node:crypto';
import type { Locale, T } from '@/lib/i18n';
import type { DashboardRow } from '@/lib/server/campaigns/dashboard';

type Counts = Pick<DashboardRow, 'total' | 'confirmed' | 'correctionPending' | 'inProgress' | 'notStarted' | 'overdue' | 'awaitingVerification'>;
const COLUMNS = ['confirmed', 'correctionPending', 'inProgress', 'notStarted', 'overdue', 'awaitingVerification'] as const;
const TONE: Record<(typeof COLUMNS)[number], string> = {
  confirmed: 'bg-emerald-500',
  correctionPending: 'bg-amber-400',
  inProgress: 'bg-sky-400',
  notStarted: 'bg-slate-300',
  overdue: 'bg-red-500',
  awaitingVerification: 'bg-violet-300',
};

export function sumCounts(rows: Counts[]): Counts {
  const out: Counts = { total: 0, confirmed: 0, correctionPending: 0, inProgress: 0, notStarted: 0, overdue: 0, awaitingVerification: 0 };
  for (const r of rows) for (const k of Object.keys(out) as (keyof Counts)[]) out[k] += r[k];
  return out;
}

/** One bar split by status: the shape of a department's progress at a glance. */
export function StatusBar({ c, label }: { c: Counts; label: string }) {
  return (
    <span className="flex h-2.5 w-full overflow-hidden rounded-full bg-slate-100" role="img" aria-label={label}>
      {COLUMNS.map((k) => c[k] > 0 && <span key={k} className={TONE[k]} style={{ width: `${(c[k] / Math.max(c.total, 1)) * 100}%` }} />)}
    </span>
  );
}

export function StatusLegend({ t }: { t: T }) {
  return (
    <ul className="flex flex-wrap gap-3 text-xs text-slate-600">
      {COLUMNS.map((k) => (
        <li key={k} className="flex items-center gap-1">
          <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-sm ${TONE[k]}`} />
          {t(`campaigns.dashboard.${k}`)}
        </li>
      ))}
    </ul>
  );
}

export interface RemindProps {
  campaignId: string;
  action: (formData: FormData) => Promise<void>;
}

/**
 * Completion per department and cohort. Each department has its "remind unfinished students"
 * button; the idempotency key in its form is minted here, once per render, so a double click
 * posts the same key twice and the verb sends one batch.
 */
export function DashboardTable({ t, locale, rows, remind }: { t: T; locale: Locale; rows: DashboardRow[]; remind: RemindProps | null }) {
  const departments = new Map<string, DashboardRow[]>();
  for (const r of rows) departments.set(r.departmentId, [...(departments.get(r.departmentId) ?? []), r]);
  const rate = (c: Counts) => (c.total ? Math.round((c.confirmed / c.total) * 100) : 0);
  const pct = (c: Counts) => `${rate(c)}%`;
  const cells = (c: Counts) =>
    COLUMNS.map((k) => (
      <td key={k} className={`px-2 py-2 text-right tabular-nums ${k === 'overdue' && c[k] > 0 ? 'font-semibold text-red-700' : ''}`} data-col={k}>
        {c[k]}
      </td>
    ));
  return (
    <div className="space-y-3" data-testid="dashboard">
      {[...departments.entries()].map(([departmentId, cohorts]) => {
        const d = cohorts[0]!;
        const sum = sumCounts(cohorts);
        const unfinished = sum.inProgress + sum.notStarted;
        return (
          <section
            key={departmentId}
            className="overflow-hidden rounded-2xl bg-white shadow-sm"
            data-testid={`dept-${departmentId}`}
            data-department={locale === 'zh-CN' ? d.departmentZh : d.departmentEn}
          >
            <header className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-4 py-3">
              <h3 className="font-medium">{locale === 'zh-CN' ? d.departmentZh : d.departmentEn}</h3>
              <span className="text-sm text-slate-500">{t('campaigns.progress', { confirmed: sum.confirmed, total: sum.total, pct: rate(sum) })}</span>
              <span className="min-w-24 flex-1">
                <StatusBar c={sum} label={t('campaigns.progress', { confirmed: sum.confirmed, total: sum.total, pct: rate(sum) })} />
              </span>
              {remind && (
                <form action={remind.action}>
                  <input type="hidden" name="campaignId" value={remind.campaignId} />
                  <input type="hidden" name="departmentId" value={departmentId} />
                  <input type="hidden" name="idempotencyKey" value={randomUUID()} />
                  <button
                    type="submit"
                    disabled={sum.inProgress + sum.notStarted === 0}
                    data-testid="remind"
                    className="tap rounded-lg border border-brand-600 px-3 text-sm font-medium text-brand-700 hover:bg-brand-50 disabled:border-slate-200 disabled:text-slate-400"
                  >
                    {t('campaigns.dashboard.remind', { n: unfinished })}
                  </button>
                </form>
              )}
            </header>
            <table className="w-full text-sm">
              <thead className="bg-slate-50 text-xs text-slate-500">
                <tr>
                  <th scope="col" className="px-4 py-1.5 text-left font-medium">
                    {t('campaigns.dashboard.cohort')}
                  </th>
                  <th scope="col" className="px-2 py-1.5 text-right font-medium">
                    {t('campaigns.dashboard.total')}
                  </th>
                  {COLUMNS.map((k) => (
                    <th key={k} scope="col" className="px-2 py-1.5 text-right font-medium">
                      {t(`campaigns.dashboard.${k}`)}
                    </th>
                  ))}
                  <th scope="col" className="px-4 py-1.5 text-right font-medium">
                    {t('campaigns.dashboard.rate')}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {cohorts.map((r) => (
                  <tr key={r.cohort} data-testid={`row-${r.departmentId}-${r.cohort}`}>
                    <th scope="row" className="px-4 py-2 text-left font-normal">
                      {t('campaigns.cohortValue', { cohort: r.cohort })}
                    </th>
                    <td className="px-2 py-2 text-right tabular-nums" data-col="total">
                      {r.total}
                    </td>
                    {cells(r)}
                    <td className="px-4 py-2 text-right tabular-nums">{pct(r)}</td>
                  </tr>
                ))}
                {cohorts.length > 1 && (
                  <tr className="bg-slate-50 font-medium" data-testid={`sum-${departmentId}`}>
                    <th scope="row" className="px-4 py-2 text-left">
                      {t('campaigns.dashboard.subtotal')}
                    </th>
                    <td className="px-2 py-2 text-right tabular-nums" data-col="total">
                      {sum.total}
                    </td>
                    {cells(sum)}
                    <td className="px-4 py-2 text-right tabular-nums">{pct(sum)}</td>
                  </tr>
                )}
              </tbody>
            </table>
          </section>
        );
      })}
    </div>
  );
}
