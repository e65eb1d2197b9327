'use client';
import { useEffect, useMemo, useState } from 'react';
import { deviceOwner, lastStatus, type CachedStatus } from '@/lib/client/device/db';
import { clientT, type ClientMessages } from '@/lib/client/t';
import { OutboxPanel } from './outbox-panel';
import type { OutboxActions } from './types';

type Locale = 'zh-CN' | 'en';

function cookieLocale(): Locale {
  const m = /(?:^|;\s*)locale=([^;]+)/.exec(document.cookie);
  return m?.[1] === 'en' ? 'en' : 'zh-CN';
}

/**
 * The personal part of the offline page, read from this phone only (the page itself is static
 * and cached; nothing personal is in it): the last known status and the outbox, which is sent
 * from here as soon as the network is back.
 */
export function OfflineDevice({ messages, actions }: { messages: Record<Locale, ClientMessages>; actions: OutboxActions }) {
  const [state, setState] = useState<{ locale: Locale; owner: string | null; status: CachedStatus | null } | null>(null);
  const [sent, setSent] = useState(false);
  useEffect(() => {
    const locale = cookieLocale();
    Promise.all([deviceOwner(), lastStatus()])
      .then(([owner, status]) => setState({ locale, owner, status }))
      .catch(() => setState({ locale, owner: null, status: null }));
  }, []);
  const t = useMemo(() => clientT(messages[state?.locale ?? 'zh-CN']), [messages, state?.locale]);
  if (!state) return null;
  const { status, owner, locale } = state;
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
    </div>
  );
}
