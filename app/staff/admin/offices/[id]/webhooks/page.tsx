import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { SecretOnceForm } from '@/components/webhooks/secret-once-form';
import { DELIVERY_STATUSES, WEBHOOK_EVENTS } from '@/lib/domain/webhooks';
import { getT } from '@/lib/i18n/server';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';
import { listOfficesForAdmin } from '@/lib/server/sharing/list-offices';
import { listWebhooks } from '@/lib/server/webhooks/list-webhooks';
import { registerEndpointAction, resendAction, rotateSecretAction, setEnabledAction } from './actions';
import { keyIn, tKnown } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('webhooks.link') };
}

const MESSAGE = /^(webhooks|errors)\.[A-Za-z_.]+$/;

const STATUS_STYLE = { pending: 'bg-amber-50 text-amber-800', succeeded: 'bg-green-50 text-green-800', failed: 'bg-red-50 text-red-800' } as const;

export default async function OfficeWebhooksPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ ok?: string; err?: string; n?: string; status?: string }>;
}) {
  const [access, { t, locale }, { id }, sp] = await Promise.all([getAccess(), getT(), params, searchParams]);
  if (!access || !hasRole(access, 'admin')) redirect('/staff');
  const status = (DELIVERY_STATUSES as readonly string[]).includes(sp.status ?? '') ? sp.status : undefined;
  let data: Awaited<ReturnType<typeof listWebhooks>>;
  try {
    data = await listWebhooks({ access, input: { officeId: id, status } });
  } catch (e) {
    const err = toAppError(e);
    if (err.code === 'not_found' || err.code === 'invalid_input') notFound();
    throw e;
  }
  const grant = (await listOfficesForAdmin({ access })).find((o) => o.id === data.office.id);
  const officeName = locale === 'zh-CN' ? data.office.nameZh : data.office.nameEn;
  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Asia/Shanghai' });
  const errorMessages = {
    fallback: t('errors.invalid_input'),
    'errors.forbidden': t('errors.forbidden'),
    'errors.not_found': t('errors.not_found'),
    ...Object.fromEntries(
      ['url', 'events', 'https', 'private', 'unresolvable', 'disabled'].map((k) => [`webhooks.errors.${k}`, t(keyIn('webhooks.errors', k))]),
    ),
  };
  const input = 'tap w-full rounded-lg border border-slate-300 px-3 text-sm';
  return (
    <div className="p-4 md:p-6">
      <a href={`/staff/admin/offices#office-${data.office.id}`} className="text-sm text-brand-700 underline">
        ← {t('webhooks.back')}
      </a>
      <h1 className="mt-2 text-2xl font-semibold">{t('webhooks.title', { office: officeName })}</h1>
      <p className="mt-2 max-w-3xl text-sm text-slate-600">{t('webhooks.intro')}</p>
      {grant && !grant.fields.length && <p className="mt-2 text-sm text-amber-700">{t('webhooks.noGrant')}</p>}
      {sp.ok && MESSAGE.test(sp.ok) && (
        <p role="status" className="mt-3 rounded-lg bg-green-50 px-3 py-2 text-sm text-green-800">
          {tKnown(t, sp.ok, { n: Number(sp.n ?? 0) || 0 })}
        </p>
      )}
      {sp.err && MESSAGE.test(sp.err) && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {tKnown(t, sp.err)}
        </p>
      )}

      <section className="mt-4 rounded-2xl bg-white p-4 shadow-sm">
        <h2 className="text-lg font-medium">{t('webhooks.register')}</h2>
        <SecretOnceForm
          action={registerEndpointAction}
          hidden={{ officeId: data.office.id }}
          submit={t('webhooks.create')}
          secretLabel={t('webhooks.secret')}
          errorMessages={errorMessages}
          testId="register-endpoint"
          className="mt-3"
        >
          <label className="flex w-full flex-col gap-1 md:w-auto md:min-w-96 md:flex-1">
            <span className="text-xs text-slate-500">{t('webhooks.url')}</span>
            <input name="url" type="url" required maxLength={2000} inputMode="url" placeholder="https://" className={input} />
            <span className="text-xs text-slate-500">{t('webhooks.urlHint')}</span>
          </label>
          <label className="flex w-full flex-col gap-1 md:w-64">
            <span className="text-xs text-slate-500">{t('webhooks.description')}</span>
            <input name="description" maxLength={200} className={input} />
          </label>
          <fieldset className="w-full">
            <legend className="text-xs text-slate-500">{t('webhooks.events')}</legend>
            <div className="mt-1 grid gap-x-4 md:grid-cols-3">
              {WEBHOOK_EVENTS.map((e) => (
                <label key={e} className="flex min-h-11 items-center gap-2">
                  <input type="checkbox" name="events" value={e} defaultChecked className="h-5 w-5" />
                  {t(keyIn('webhooks.eventNames', e.replace('.', '_')))}
                </label>
              ))}
            </div>
          </fieldset>
        </SecretOnceForm>
      </section>

      <form method="get" className="mt-4 flex flex-wrap items-end gap-2 text-sm">
        <label className="flex flex-col">
          <span className="text-xs text-slate-500">{t('webhooks.filterStatus')}</span>
          <select name="status" defaultValue={status ?? ''} className="tap rounded-lg border border-slate-300 px-2">
            <option value="">{t('webhooks.all')}</option>
            {DELIVERY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`webhooks.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="tap rounded-lg border border-slate-300 px-3">
          {t('webhooks.filter')}
        </button>
      </form>

      {!data.endpoints.length && <p className="mt-4 text-sm text-slate-500">{t('webhooks.noEndpoints')}</p>}
      <ul className="mt-4 space-y-4">
        {data.endpoints.map((e) => (
          <li key={e.id} id={`endpoint-${e.id}`} className="rounded-2xl bg-white p-4 shadow-sm" data-testid="webhook-endpoint">
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="min-w-0">
                <p className="font-mono text-sm break-all">{e.url}</p>
                {e.description && <p className="text-sm text-slate-600">{e.description}</p>}
                <p className="mt-1 text-xs text-slate-500">{e.events.join(' · ')}</p>
              </div>
              <span
                className={`rounded-full px-2 py-1 text-xs ${e.disabledAt ? 'bg-red-50 text-red-800' : 'bg-green-50 text-green-800'}`}
                data-testid="endpoint-status"
              >
                {e.disabledAt
                  ? e.disabledReason === 'failures'
                    ? t('webhooks.statusDisabledFailures', { n: e.consecutiveFailures })
                    : t('webhooks.statusDisabledAdmin')
                  : t('webhooks.statusActive')}
              </span>
            </div>
            <p className="mt-2 text-xs text-slate-600">
              {t('webhooks.counts', e.counts)}
              {e.consecutiveFailures > 0 && !e.disabledAt && <> · {t('webhooks.failures', { n: e.consecutiveFailures })}</>}
              {e.previousSecretExpiresAt && <> · {t('webhooks.overlapUntil', { until: fmt.format(e.previousSecretExpiresAt) })}</>}
            </p>
            <div className="mt-3 flex flex-wrap items-start gap-2">
              <form action={setEnabledAction}>
                <input type="hidden" name="officeId" value={data.office.id} />
                <input type="hidden" name="endpointId" value={e.id} />
                <input type="hidden" name="enabled" value={e.disabledAt ? 'true' : 'false'} />
                <button
                  type="submit"
                  className={`tap rounded-lg border px-3 text-sm ${e.disabledAt ? 'border-brand-600 text-brand-700' : 'border-red-300 text-red-700'}`}
                >
                  {e.disabledAt ? t('webhooks.enable') : t('webhooks.disable')}
                </button>
              </form>
              <SecretOnceForm
                action={rotateSecretAction}
                hidden={{ endpointId: e.id }}
                submit={t('webhooks.rotate')}
                secretLabel={t('webhooks.secret')}
                errorMessages={errorMessages}
                testId={`rotate-${e.id}`}
                className="min-w-0 flex-1"
              />
            </div>
            <h3 className="mt-4 text-sm font-medium text-slate-700">{t('webhooks.deliveries')}</h3>
            {!e.deliveries.length && <p className="mt-1 text-sm text-slate-500">{t('webhooks.noDeliveries')}</p>}
            <ul className="mt-2 divide-y divide-slate-100 text-sm">
              {e.deliveries.map((d) => (
                <li key={d.id} className="grid gap-x-4 gap-y-1 py-2 md:grid-cols-[7rem_1fr_auto] md:items-center" data-testid="webhook-delivery">
                  <span className={`w-fit rounded-full px-2 py-0.5 text-xs ${STATUS_STYLE[d.status]}`}>{t(`webhooks.statuses.${d.status}`)}</span>
                  <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-xs text-slate-600 md:grid-cols-[auto_1fr_auto_1fr]">
                    <dt>{t('webhooks.event')}</dt>
                    <dd className="font-mono">{d.eventType}</dd>
                    <dt>{t('webhooks.attempts')}</dt>
                    <dd>{d.attempts}</dd>
                    <dt>{t('webhooks.lastTry')}</dt>
                    <dd>{d.lastAttemptAt ? fmt.format(d.lastAttemptAt) : '—'}</dd>
                    <dt>{t('webhooks.nextTry')}</dt>
                    <dd>{d.status === 'pending' ? fmt.format(d.nextAttemptAt) : '—'}</dd>
                    <dt>{t('webhooks.responseCode')}</dt>
                    <dd>{d.lastResponseCode ?? '—'}</dd>
                    <dt>{t('webhooks.messageId')}</dt>
                    <dd className="font-mono break-all">{d.messageId}</dd>
                    {d.lastError && (
                      <>
                        <dt>{t('webhooks.lastError')}</dt>
                        <dd className="break-all md:col-span-3">{d.lastError}</dd>
                      </>
                    )}
                  </dl>
                  <form action={resendAction}>
                    <input type="hidden" name="officeId" value={data.office.id} />
                    <input type="hidden" name="endpointId" value={e.id} />
                    <input type="hidden" name="deliveryId" value={d.id} />
                    <button type="submit" disabled={!!e.disabledAt} className="tap rounded-lg border border-slate-300 px-3 text-sm disabled:opacity-50">
                      {t('webhooks.resend')}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
