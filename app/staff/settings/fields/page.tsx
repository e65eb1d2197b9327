import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Flash } from '@/components/campaigns/flash';
import { formatShanghai } from '@/lib/domain/dates';
import { getT } from '@/lib/i18n/server';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { listFieldPolicies } from '@/lib/server/campaigns/list-field-policies';
import { POLICY_FIELDS, ROSTER_FIELDS, SELF_SERVICE_FIELDS, TIERS } from '@/lib/server/campaigns/set-field-policy';
import { setFieldPolicyAction } from './actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('fields.title') };
}

/** Admins decide, per field, whether students change it themselves, with approval, or not at all. */
export default async function FieldPoliciesPage({ searchParams }: { searchParams: Promise<{ ok?: string; err?: string; field?: string }> }) {
  const [access, { t, locale }, sp] = await Promise.all([getAccess(), getT(), searchParams]);
  if (!access || !hasRole(access, 'admin')) redirect('/staff');
  const policies = await listFieldPolicies({ access });
  const byField = new Map(policies.map((p) => [p.field, p]));
  const input = 'tap w-full rounded-lg border border-slate-300 bg-white px-2 text-sm';
  return (
    <div className="space-y-4 p-4 md:p-6">
      <div>
        <h1 className="text-2xl font-semibold">{t('fields.title')}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t('fields.intro')}</p>
      </div>
      <ul className="grid gap-2 text-xs text-slate-600 md:grid-cols-3">
        {TIERS.map((tier) => (
          <li key={tier} className="rounded-lg bg-white p-3 shadow-sm">
            <span className="font-medium text-slate-900">{t(`fields.tiers.${tier}`)}</span> — {t(`fields.tierHelp.${tier}`)}
          </li>
        ))}
      </ul>
      <Flash t={t} ok={sp.ok} err={sp.err} />
      <ul className="space-y-2" data-testid="field-policies">
        {POLICY_FIELDS.filter((f) => byField.has(f)).map((f) => {
          const p = byField.get(f)!;
          const allowed = TIERS.filter((tier) => (ROSTER_FIELDS.has(f) ? tier === 'locked' : tier !== 'self_service' || SELF_SERVICE_FIELDS.has(f)));
          return (
            <li key={f} id={f} className={`rounded-2xl bg-white p-3 shadow-sm ${sp.field === f ? 'ring-2 ring-brand-600' : ''}`} data-testid={`policy-${f}`}>
              <form action={setFieldPolicyAction} className="grid items-start gap-2 md:grid-cols-[10rem_11rem_1fr_1fr_auto]">
                <input type="hidden" name="field" value={f} />
                <div className="py-2">
                  <div className="font-medium">{t(`fields.names.${f}`)}</div>
                  <div className="text-xs text-slate-500">
                    {p.updatedByName ? t('fields.updatedBy', { name: p.updatedByName, date: formatShanghai(p.updatedAt, locale) }) : t('fields.default')}
                  </div>
                </div>
                <label className="text-xs text-slate-500">
                  {t('fields.tier')}
                  <select
                    name="tier"
                    defaultValue={p.tier}
                    className={`${input} mt-0.5`}
                    disabled={allowed.length === 1}
                    aria-describedby={allowed.length === 1 ? `${f}-fixed` : undefined}
                  >
                    {allowed.map((tier) => (
                      <option key={tier} value={tier}>
                        {t(`fields.tiers.${tier}`)}
                      </option>
                    ))}
                  </select>
                  {allowed.length === 1 && <input type="hidden" name="tier" value={allowed[0]} />}
                  {ROSTER_FIELDS.has(f) && (
                    <span id={`${f}-fixed`} className="mt-0.5 block">
                      {t('fields.rosterFixed')}
                    </span>
                  )}
                </label>
                <label className="text-xs text-slate-500">
                  {t('fields.contactZh')}
                  <textarea name="contactZh" defaultValue={p.contactZh ?? ''} maxLength={200} rows={2} lang="zh-CN" className={`${input} mt-0.5 py-1`} />
                </label>
                <label className="text-xs text-slate-500">
                  {t('fields.contactEn')}
                  <textarea name="contactEn" defaultValue={p.contactEn ?? ''} maxLength={200} rows={2} lang="en" className={`${input} mt-0.5 py-1`} />
                </label>
                <button type="submit" className="tap self-center rounded-lg bg-brand-600 px-4 text-sm font-medium text-white" data-testid={`save-${f}`}>
                  {t('fields.save')}
                </button>
              </form>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
