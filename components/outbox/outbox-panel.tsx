'use client';
import { useMemo } from 'react';
import type { OutboxSenders } from '@/lib/client/outbox/flush';
import { deleteItems, putItem } from '@/lib/client/outbox/store';
import type { OutboxItem, SubmissionItem } from '@/lib/client/outbox/types';
import { useOutboxItems } from '@/lib/client/outbox/use-outbox';
import { useOutboxRunner } from '@/lib/client/outbox/use-outbox-runner';
import { clientT, type ClientMessages, type ClientT } from '@/lib/client/t';
import type { OutboxActions } from './types';

function senders(a: OutboxActions): OutboxSenders {
  return {
    photoSteps: (purpose) =>
      purpose === 'evidence'
        ? { create: (i) => a.createEvidenceUpload(i), finalize: (documentId) => a.finalizeEvidenceUpload({ documentId }) }
        : { create: (i) => a.createPhotoUpload({ kind: purpose, ...i }), finalize: (documentId) => a.finalizePhotoUpload({ documentId }) },
    submitIdentity: (input) => a.submitIdentity(input as Parameters<OutboxActions['submitIdentity']>[0]),
    requestCorrection: (input) => a.requestCorrection(input),
  };
}

function title(t: ClientT, item: OutboxItem): string {
  if (item.kind !== 'photo') return t(`outbox.kinds.${item.kind}`);
  return item.purpose === 'evidence' ? t('outbox.kinds.evidence') : t('outbox.kinds.photo', { what: t(`photo.kinds.${item.purpose}`) });
}

/**
 * The visible queue: what waits on this phone, in the order it will be sent, with the server's
 * message for what it refused, and retry / remove per item. Also the runner that sends it.
 * Renders nothing when nothing waits, unless `showEmpty`.
 */
export function OutboxPanel({
  t,
  owner,
  actions,
  onSent,
  showEmpty = false,
}: {
  t: ClientT;
  owner: string | null;
  actions: OutboxActions;
  onSent?: (item: SubmissionItem) => void;
  showEmpty?: boolean;
}) {
  const { items } = useOutboxItems(owner);
  const s = useMemo(() => senders(actions), [actions]);
  const flush = useOutboxRunner(owner, items, s, onSent);
  const shown = items.filter((i) => i.state !== 'done');

  if (!shown.length) {
    return showEmpty ? (
      <p className="text-sm text-slate-600" data-testid="outbox-empty">
        {t('outbox.empty')}
      </p>
    ) : null;
  }
  const retry = async (item: OutboxItem) => {
    await putItem({ ...item, state: 'pending', error: undefined });
    await flush();
  };
  return (
    <section className="mb-4 space-y-3 rounded-2xl border border-amber-200 bg-amber-50 p-4" aria-labelledby="outbox-title" data-testid="outbox">
      <div>
        <h2 id="outbox-title" className="text-base font-semibold text-amber-950">
          {t('outbox.title')}
        </h2>
        <p className="mt-1 text-sm text-amber-900">{t('outbox.intro')}</p>
      </div>
      <ul className="space-y-2">
        {shown.map((item) => (
          <li key={item.id} className="rounded-xl bg-white p-3 shadow-sm" data-testid="outbox-item" data-kind={item.kind} data-state={item.state}>
            <div className="flex items-baseline justify-between gap-2">
              <span className="font-medium">{title(t, item)}</span>
              <span className={`text-sm ${item.state === 'refused' ? 'text-red-700' : 'text-slate-600'}`} aria-live="polite">
                {t(`outbox.states.${item.state}`)}
              </span>
            </div>
            {item.error && (
              <p className={`mt-1 text-sm ${item.state === 'refused' ? 'text-red-700' : 'text-slate-600'}`} data-testid="outbox-item-error">
                {t(item.error)}
              </p>
            )}
            {item.attempts > 0 && <p className="mt-1 text-xs text-slate-600">{t('outbox.attempts', { n: item.attempts })}</p>}
            {item.state !== 'sending' && (
              <div className="mt-2 flex gap-2">
                <button
                  type="button"
                  onClick={() => void retry(item)}
                  className="tap flex-1 rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800"
                  data-testid="outbox-retry"
                >
                  {item.state === 'refused' ? t('outbox.retry') : t('outbox.sendNow')}
                </button>
                <button
                  type="button"
                  onClick={() => void deleteItems([item.id])}
                  className="tap flex-1 rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-red-800"
                  data-testid="outbox-remove"
                >
                  {t('outbox.remove')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** OutboxPanel from the catalog strings: what DeviceOutbox loads once something waits (so the translator comes with it). */
export function MessagesOutboxPanel({ messages, ...rest }: { messages: ClientMessages } & Omit<Parameters<typeof OutboxPanel>[0], 't'>) {
  const t = useMemo(() => clientT(messages), [messages]);
  return <OutboxPanel t={t} {...rest} />;
}
