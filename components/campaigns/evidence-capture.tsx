'use client';
import { useMemo, useState } from 'react';
import { useQueueingUpload } from '@/lib/client/outbox/use-outbox';
import type { ClientT } from '@/lib/client/t';
import { phaseText } from '@/lib/client/upload/use-upload';
import type { UploadSteps } from '@/lib/client/upload/upload';
import { PhotoPicker } from '@/components/upload/photo-picker';
import type { ActionResult, UploadTarget } from './types';

export interface EvidencePhoto {
  /** the document, or while `queued` the outbox item that will upload it */
  documentId: string;
  thumbUrl: string | null;
  /** taken offline: in the outbox, sent before the correction request that needs it */
  queued?: boolean;
}

export interface EvidenceActions {
  create: (input: { contentType: string; bytes: number; idempotencyKey?: string }) => Promise<ActionResult<{ documentId: string; upload: UploadTarget }>>;
  finalize: (input: { documentId: string }) => Promise<ActionResult<{ documentId: string; thumbUrl: string }>>;
}

const MAX_PHOTOS = 5;

/**
 * Evidence photos (the new household register page, a court or police certificate…) by camera
 * or album, through the ID photo pipeline: shrunk and stripped of EXIF on the phone, uploaded to a
 * signed target, checked and re-encoded on the server.
 */
export function EvidenceCapture({
  t,
  photos,
  onChange,
  actions,
  error,
}: {
  t: ClientT;
  photos: EvidencePhoto[];
  onChange: (photos: EvidencePhoto[]) => void;
  actions: EvidenceActions;
  error?: string;
}) {
  const [localError, setLocalError] = useState<string | null>(null);
  const steps = useMemo<UploadSteps<EvidencePhoto>>(
    () => ({ create: (input) => actions.create(input), finalize: (documentId) => actions.finalize({ documentId }) }),
    [actions],
  );
  const { phase, busy, send } = useQueueingUpload(steps, 'evidence');
  const status = phaseText(t, phase);

  async function onPick(file: File) {
    setLocalError(null);
    const r = await send(file);
    if (r.ok) onChange([...photos, r.data]);
    else if (r.kind === 'queued') onChange([...photos, { documentId: r.itemId, thumbUrl: r.preview, queued: true }]);
    else if (r.kind !== 'aborted') setLocalError(r.error);
  }

  const shown = localError ?? error;
  return (
    <div className={`rounded-2xl border p-3 ${shown ? 'border-red-300' : 'border-slate-200'}`} data-testid="evidence-capture" id="evidence" tabIndex={-1}>
      <div className="flex items-baseline justify-between gap-2">
        <h4 className="text-base font-medium">{t('corrections.form.evidence')}</h4>
        <span className="text-sm text-slate-500" aria-live="polite" data-testid="evidence-status">
          {status ?? t('corrections.form.evidenceCount', { n: photos.length })}
        </span>
      </div>
      <p className="mt-1 text-sm text-slate-600">{t('corrections.form.evidenceHelp')}</p>
      {photos.length > 0 && (
        <ul className="mt-2 grid grid-cols-3 gap-2" data-testid="evidence-photos">
          {photos.map((ph, i) => (
            <li key={ph.documentId} className="relative aspect-square overflow-hidden rounded-lg bg-slate-100">
              {ph.thumbUrl && (
                // eslint-disable-next-line @next/next/no-img-element
                <img src={ph.thumbUrl} alt={t('corrections.evidenceAlt', { n: i + 1 })} className="h-full w-full object-cover" />
              )}
              <button
                type="button"
                onClick={() => onChange(photos.filter((x) => x.documentId !== ph.documentId))}
                className="absolute right-1 top-1 flex h-8 w-8 items-center justify-center rounded-full bg-white/90 text-slate-700 shadow"
                aria-label={t('corrections.form.removePhoto', { n: i + 1 })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {shown && (
        <p className="mt-2 text-sm text-red-700" data-testid="evidence-error">
          {t(shown)}
        </p>
      )}
      {photos.length < MAX_PHOTOS && (
        <div className="mt-3">
          <PhotoPicker t={t} onPick={(f) => void onPick(f)} busy={busy} testId="evidence" />
        </div>
      )}
    </div>
  );
}
