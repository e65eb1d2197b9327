'use client';
import { useMemo, useState } from 'react';
import { CorrectionForm, type CorrectionFormProps, type Tier } from '@/components/campaigns/correction-form';
import type { CachedCorrectionForm } from '@/lib/client/device/db';
import { clientT, type ClientMessages } from '@/lib/client/t';

export type CorrectionActions = Pick<CorrectionFormProps, 'request' | 'evidence'>;

/**
 * "Something is wrong" on the offline page, when the app was started with no network: the
 * correction form /confirm last offered (kept on this phone, see RememberCorrectionForm). The
 * request and its evidence photos go to the outbox, which sends them once the network is back.
 */
export function OfflineCorrectionForm({
  cached,
  locale,
  messages,
  actions,
}: {
  cached: CachedCorrectionForm;
  locale: 'zh-CN' | 'en';
  messages: ClientMessages;
  actions: CorrectionActions;
}) {
  const t = useMemo(() => clientT(messages, locale), [messages, locale]);
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const fields = useMemo(() => cached.form.fields.map((f) => ({ ...f, tier: f.tier as Tier })), [cached.form.fields]);
  return (
    <section className="space-y-3 rounded-2xl bg-white p-4 shadow-sm" aria-labelledby="offline-correction-title" data-testid="offline-correction">
      <h2 id="offline-correction-title" className="text-lg font-semibold">
        {t('outbox.offline.correctionTitle')}
      </h2>
      <p className="text-base text-slate-600">{t('outbox.offline.correctionIntro')}</p>
      {done && (
        <p role="status" className="rounded-xl bg-emerald-50 p-3 text-base text-emerald-900" data-testid="offline-correction-done">
          {t(done)}
        </p>
      )}
      {!open && !done && (
        <button
          type="button"
          onClick={() => setOpen(true)}
          data-testid="something-wrong"
          className="tap flex w-full items-center justify-center rounded-xl border border-slate-300 bg-white px-4 py-3 text-base font-medium text-slate-800"
        >
          {t('confirm.somethingWrong')}
        </button>
      )}
      {open && (
        <CorrectionForm
          taskId={cached.form.taskId}
          fields={fields}
          options={cached.form.options}
          t={t}
          request={actions.request}
          evidence={actions.evidence}
          onCancel={() => setOpen(false)}
          onDone={(m) => {
            setOpen(false);
            setDone(m);
          }}
        />
      )}
    </section>
  );
}
