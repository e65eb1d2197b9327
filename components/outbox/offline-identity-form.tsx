'use client';
import { useEffect, useMemo, useState } from 'react';
import { IdentityForm } from '@/components/identity/identity-form';
import { ReturnedBanner } from '@/components/identity/returned-banner';
import { RosterCard } from '@/components/identity/roster-card';
import type { FormValues, IdentityActions, IdentityField, PhotoKind, UploadedPhoto } from '@/components/identity/types';
import type { CachedIdentityForm } from '@/lib/client/device/db';
import type { OutboxItem } from '@/lib/client/outbox/types';
import { clientT, type ClientMessages } from '@/lib/client/t';
import { PHOTO_KINDS } from '@/lib/identity/documents';

const IDENTITY_PHOTO: ReadonlySet<string> = new Set(PHOTO_KINDS);

/**
 * The identity form on the offline page, when the app was started with no network: the same form
 * as /identity, from what that page last offered (kept on this phone, see RememberIdentityForm),
 * with the photos already waiting in the outbox counted as taken. Typing goes to the device draft,
 * photos and the submission to the outbox, which sends them once the network is back.
 */
export function OfflineIdentityForm({
  cached,
  locale,
  messages,
  actions,
  waiting,
}: {
  cached: CachedIdentityForm;
  locale: 'zh-CN' | 'en';
  messages: ClientMessages;
  actions: IdentityActions;
  /** the outbox as it was when the page opened */
  waiting: readonly OutboxItem[];
}) {
  const t = useMemo(() => clientT(messages, locale), [messages, locale]);
  const [formKey] = useState(() => crypto.randomUUID());
  const { form, roster, returned } = cached;
  // Photos taken offline before this page opened are in the outbox: shown from the phone, sent first.
  const [queued] = useState(() => {
    const out: Partial<Record<PhotoKind, UploadedPhoto>> = {};
    for (const i of waiting) {
      if (i.kind === 'photo' && IDENTITY_PHOTO.has(i.purpose) && i.state !== 'done' && i.blob)
        out[i.purpose as PhotoKind] = { documentId: i.id, thumbUrl: URL.createObjectURL(i.blob), queued: true };
    }
    return out;
  });
  useEffect(() => () => Object.values(queued).forEach((p) => p?.thumbUrl && URL.revokeObjectURL(p.thumbUrl)), [queued]);
  const photos = useMemo(() => {
    const out: Partial<Record<PhotoKind, UploadedPhoto>> = {};
    for (const [kind, documentId] of Object.entries(form.photos)) out[kind as PhotoKind] = { documentId, thumbUrl: null };
    return { ...out, ...queued };
  }, [form.photos, queued]);
  const retake = form.retake.filter((k) => !queued[k as PhotoKind]) as PhotoKind[];

  return (
    <section className="space-y-4" aria-labelledby="offline-form-title" data-testid="offline-identity">
      <div>
        <h2 id="offline-form-title" className="text-xl font-semibold">
          {t('outbox.offline.formTitle')}
        </h2>
        <p className="mt-1 text-base text-slate-600">{t('outbox.offline.formIntro')}</p>
      </div>
      <RosterCard t={t} locale={locale} student={roster} />
      {returned && <ReturnedBanner t={t} comment={returned.comment} />}
      <IdentityForm
        // Rendered by the script, which sends it; the plain post's key is never used from here.
        formKey={formKey}
        locale={locale}
        messages={messages}
        scope={form.scope}
        initial={form.initial as FormValues}
        baselineAt={form.baselineAt}
        editable={form.editable as IdentityField[] | null}
        idNumberMask={form.idNumberMask}
        notes={form.notes}
        photos={photos}
        retake={retake}
        actions={actions}
      />
    </section>
  );
}
