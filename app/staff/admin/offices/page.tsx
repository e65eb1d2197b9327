import { dateFormat } from '@/lib/domain/dates';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { CreateClientForm } from '@/components/sharing/create-client-form';
import { SHARE_FIELDS } from '@/lib/domain/sharing';
import { getT } from '@/lib/i18n/server';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { listOfficesForAdmin } from '@/lib/server/sharing/list-offices';
import { listDisabledWebhooks } from '@/lib/server/webhooks/list-webhooks';
import { createClientAction, createOfficeAction, revokeClientAction, setGrantAction } from './actions';
import { tKnown } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('sharing.adminTitle') };
}

const MESSAGE = /^(sharing|errors)\.[A-Za-z_.]+$/;

export default async function OfficesAdminPage({ searchParams }: { searchParams: Promise<{ ok?: string; err?: string }> }) {
  const [access, { t, locale }, sp] = await Promise.all([getAccess(), getT(), searchParams]);
  if (!access || !hasRole(access, 'admin')) redirect('/staff');
  const [offices, disabledHooks] = await Promise.all([listOfficesForAdmin({ access }), listDisabledWebhooks({ access })]);
  const fmt = dateFormat(locale, 'dateTime');
  const input = 'tap rounded-lg border border-slate-300 px-2 text-sm';
  return (
    <div className="p-4 md:p-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t('sharing.adminTitle')}</h1>
        <a href="/api/v1/docs" className="text-sm text-brand-700 underline">
          {t('sharing.apiDocs')}
        </a>
      </div>
      <p className="mt-2 max-w-3xl text-sm text-slate-600">{t('sharing.adminIntro')}</p>
      {disabledHooks.length > 0 && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="webhooks-disabled-notice">
          {t('webhooks.disabledNotice', { n: disabledHooks.length })}{' '}
          {[...new Set(disabledHooks.map((h) => h.officeId))].map((id) => (
            <a key={id} href={`/staff/admin/offices/${id}/webhooks`} className="underline">
              {offices.find((o) => o.id === id)?.code ?? id}
            </a>
          ))}
        </p>
      )}
      {sp.ok && MESSAGE.test(sp.ok) && (
        <p role="status" className="mt-3 rounded-lg bg-green-50 px-3 py-2 text-sm text-green-800">
          {tKnown(t, sp.ok)}
        </p>
      )}
      {sp.err && MESSAGE.test(sp.err) && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {tKnown(t, sp.err)}
        </p>
      )}
      <ul className="mt-4 space-y-4">
        {offices.map((o) => (
          <li key={o.id} id={`office-${o.id}`} className="rounded-2xl bg-white p-4 shadow-sm" data-testid={`office-${o.code}`}>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 className="text-lg font-medium">
                {locale === 'zh-CN' ? o.nameZh : o.nameEn} <span className="font-mono text-xs text-slate-500">{o.code}</span>
              </h2>
              <a href={`/staff/admin/offices/${o.id}/webhooks`} className="tap inline-flex items-center text-sm text-brand-700 underline">
                {t('webhooks.link')}
              </a>
            </div>
            <form action={setGrantAction} className="mt-3">
              <input type="hidden" name="officeId" value={o.id} />
              <fieldset>
                <legend className="text-sm font-medium text-slate-700">{t('sharing.grantedFields')}</legend>
                <div className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 md:grid-cols-4">
                  {SHARE_FIELDS.map((f) => (
                    <label key={f} className="flex min-h-11 items-center gap-2 text-sm">
                      <input type="checkbox" name="fields" value={f} defaultChecked={o.fields.includes(f)} className="h-5 w-5" />
                      {t(`sharing.fieldNames.${f}`)}
                    </label>
                  ))}
                </div>
                <label className="mt-2 flex min-h-11 items-center gap-2 text-sm">
                  <input type="checkbox" name="idNumberFull" defaultChecked={o.idNumberFull} className="h-5 w-5" />
                  {t('sharing.idNumberFull')}
                </label>
              </fieldset>
              {!o.fields.length && <p className="text-sm text-amber-700">{t('sharing.noGrant')}</p>}
              <button type="submit" className="tap mt-2 rounded-lg bg-brand-600 px-3 text-sm text-white">
                {t('sharing.saveGrant')}
              </button>
            </form>
            <section className="mt-4 border-t border-slate-100 pt-3">
              <h3 className="text-sm font-medium text-slate-700">{t('sharing.apiClients')}</h3>
              {o.clients.length > 0 && (
                <table className="mt-2 w-full text-left text-sm">
                  <thead className="text-xs text-slate-500">
                    <tr>
                      <th className="py-1">{t('sharing.clientName')}</th>
                      <th>{t('sharing.prefix')}</th>
                      <th>{t('sharing.expires')}</th>
                      <th>{t('sharing.lastUsed')}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {o.clients.map((c) => (
                      <tr key={c.id} className="border-t border-slate-100" data-testid={`client-${c.name}`}>
                        <td className="py-1">{c.name}</td>
                        <td className="font-mono text-xs">{c.tokenPrefix}…</td>
                        <td>{fmt.format(new Date(c.expiresAt))}</td>
                        <td>{c.lastUsedAt ? fmt.format(new Date(c.lastUsedAt)) : t('sharing.never')}</td>
                        <td className="text-right">
                          {c.revokedAt ? (
                            <span className="text-xs text-slate-500">{t('sharing.revoked')}</span>
                          ) : (
                            <form action={revokeClientAction}>
                              <input type="hidden" name="clientId" value={c.id} />
                              <button type="submit" className="tap rounded-lg px-2 text-xs text-red-700 hover:bg-red-50">
                                {t('sharing.revokeClient')}
                              </button>
                            </form>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <div className="mt-2">
                <CreateClientForm
                  officeId={o.id}
                  action={createClientAction}
                  labels={{
                    name: t('sharing.clientName'),
                    days: t('sharing.expiresInDays'),
                    create: t('sharing.createClient'),
                    created: t('sharing.clientCreated'),
                    token: t('sharing.tokenOnce'),
                  }}
                  errorMessages={{
                    fallback: t('errors.invalid_input'),
                    'sharing.errors.clientName': t('sharing.errors.clientName'),
                    'errors.forbidden': t('errors.forbidden'),
                  }}
                />
              </div>
            </section>
          </li>
        ))}
      </ul>
      <form action={createOfficeAction} className="mt-6 flex flex-wrap items-end gap-2 rounded-2xl bg-white p-4 shadow-sm">
        <h2 className="w-full text-sm font-medium">{t('sharing.newOffice')}</h2>
        <label className="flex flex-col text-xs text-slate-500">
          {t('sharing.officeCode')}
          <input name="code" required pattern="[a-z][a-z0-9_]{1,31}" className={input} />
        </label>
        <label className="flex flex-col text-xs text-slate-500">
          {t('sharing.officeNameZh')}
          <input name="nameZh" required maxLength={100} className={input} />
        </label>
        <label className="flex flex-col text-xs text-slate-500">
          {t('sharing.officeNameEn')}
          <input name="nameEn" required maxLength={200} className={input} />
        </label>
        <button type="submit" className="tap rounded-lg bg-brand-600 px-3 text-sm text-white">
          {t('sharing.createOffice')}
        </button>
      </form>
    </div>
  );
}
