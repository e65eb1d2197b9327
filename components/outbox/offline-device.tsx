'use client';
import { useEffect, useMemo, useState } from 'react';
import type { IdentityActions } from '@/components/identity/types';
import {
  deviceOwner,
  lastCorrectionForm,
  lastIdentityForm,
  lastStatus,
  type CachedCorrectionForm,
  type CachedIdentityForm,
  type CachedStatus,
} from '@/lib/client/device/db';
import { listOutbox } from '@/lib/client/outbox/store';
import type { OutboxItem } from '@/lib/client/outbox/types';
import { clientT, type ClientMessages } from '@/lib/client/t';
import { DeviceOwner } from '@/lib/client/device/owner';
import { OfflineCorrectionForm, type CorrectionActions } from './offline-correction-form';
import { OfflineIdentityForm } from './offline-identity-form';
import { OutboxPanel } from './outbox-panel';
import type { OutboxActions } from './types';

type Locale = 'zh-CN' | 'en';

function cookieLocale(): Locale {
  const m = /(?:^|;\s*)locale=([^;]+)/.exec(document.cookie);
  return m?.[1] === 'en' ? 'en' : 'zh-CN';
}

interface DeviceState {
  locale: Locale;
  owner: string | null;
  status: CachedStatus | null;
  /** the identity form to fill, unless a submission already waits in the outbox */
  form: CachedIdentityForm | null;
  /** the correction form to fill, unless a correction request already waits in the outbox */
  correction: CachedCorrectionForm | null;
  waiting: OutboxItem[];
}

/**
 * The personal part of the offline page, read from this phone only (the page itself is static
 * and cached; nothing personal is in it): the last known status, the identity form when the
 * record still needs filling in (the app started with no network), and the outbox, which is sent
 * from here as soon as the network is back.
 */
export function OfflineDevice({
  messages,
  actions,
  identity,
  correction: correcting,
}: {
  messages: Record<Locale, ClientMessages>;
  actions: OutboxActions;
  identity: { messages: Record<Locale, ClientMessages>; actions: IdentityActions };
  correction: { messages: Record<Locale, ClientMessages>; actions: CorrectionActions };
}) {
  const [state, setState] = useState<DeviceState | null>(null);
  const [sent, setSent] = useState(false);
  useEffect(() => {
    const locale = cookieLocale();
    (async (): Promise<DeviceState> => {
      const [owner, status, form, correction] = await Promise.all([deviceOwner(), lastStatus(), lastIdentityForm(), lastCorrectionForm()]);
      const waiting = owner ? await listOutbox(owner) : [];
      const queued = (kind: OutboxItem['kind']) => waiting.some((i) => i.kind === kind && i.state !== 'done');
      return {
        locale,
        owner,
        status,
        form: owner && !queued('identity') ? form : null,
        correction: owner && !queued('correction') ? correction : null,
        waiting,
      };
    })()
      .then(setState)
      .catch(() => setState({ locale, owner: null, status: null, form: null, correction: null, waiting: [] }));
  }, []);
  const t = useMemo(() => clientT(messages[state?.locale ?? 'zh-CN']), [messages, state?.locale]);
  if (!state) return null;
  const { status, owner, locale, form, correction, waiting } = state;
  return (
    <div className="space-y-4" lang={locale} data-testid="offline-device">
      <section className="rounded-xl bg-white p-4 shadow-sm" data-testid="offline-status" data-state={status?.state ?? ''}>
        <h2 className="font-semibold">{t('outbox.offline.lastStatus')}</h2>
        {status ? (
          <>
            <p className="mt-1 text-base">{status.label}</p>
            <p className="mt-1 text-sm text-slate-600">
              {t('outbox.offline.checkedAt', { at: new Date(status.at).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) })}
            </p>
          </>
        ) : (
          <p className="mt-1 text-sm text-slate-600">{t('outbox.offline.noStatus')}</p>
        )}
      </section>
      {sent && (
        <p role="status" className="rounded-xl bg-emerald-50 p-4 text-base text-emerald-900" data-testid="offline-sent">
          {t('outbox.sentIdentity')}
        </p>
      )}
      {owner && <OutboxPanel t={t} owner={owner} actions={actions} showEmpty onSent={(item) => item.kind === 'identity' && setSent(true)} />}
      {owner && (
        // The forms keep drafts and queue photos for this phone's owner, as on the signed-in pages.
        <DeviceOwner userId={owner}>
          {form && !sent && (
            <OfflineIdentityForm cached={form} locale={locale} messages={identity.messages[locale]} actions={identity.actions} waiting={waiting} />
          )}
          {correction && <OfflineCorrectionForm cached={correction} locale={locale} messages={correcting.messages[locale]} actions={correcting.actions} />}
        </DeviceOwner>
      )}
    </div>
  );
}
