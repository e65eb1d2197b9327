'use client';
import { useCallback, useMemo, useState } from 'react';
import { useQueuedPhoto, useQueueingUpload } from '@/lib/client/outbox/use-outbox';
import type { ClientT } from '@/lib/client/t';
import { phaseText } from '@/lib/client/upload/use-upload';
import type { UploadSteps } from '@/lib/client/upload/upload';
import type { PhotoKind } from '@/lib/identity/documents';
import { PhotoPicker, UploadProgress } from '@/components/upload/photo-picker';
import type { IdentityActions, ReturnNote, UploadedPhoto } from './types';

export interface PhotoTileProps {
  kind: PhotoKind;
  t: ClientT;
  photo: UploadedPhoto | undefined;
  /** refused by the server on submit (photo.errors.required / retake) */
  error: string | undefined;
  note: ReturnNote | undefined;
  /** returned photo not retaken yet */
  mustRetake: boolean;
  /** a photo the reviewer did not return: shown, not replaceable */
  locked: boolean;
  onUploaded: (kind: PhotoKind, photo: UploadedPhoto) => void;
  onBusy: (kind: PhotoKind, busy: boolean) => void;
  /** a photo kept for the outbox was refused by the server: it counts as missing again */
  onRefused: (kind: PhotoKind) => void;
  actions: Pick<IdentityActions, 'createPhotoUpload' | 'finalizePhotoUpload'>;
}

export function PhotoTile({ kind, t, photo, error, note, mustRetake, locked, onUploaded, onBusy, onRefused, actions }: PhotoTileProps) {
  const [localError, setLocalError] = useState<string | null>(null);
  const [queued, setQueued] = useState<string | null>(null);
  const steps = useMemo<UploadSteps<UploadedPhoto>>(
    () => ({
      create: (input) => actions.createPhotoUpload({ kind, ...input }),
      finalize: (documentId) => actions.finalizePhotoUpload({ documentId }),
    }),
    [actions, kind],
  );
  const { phase, send } = useQueueingUpload(steps, kind);

  async function onPick(file: File) {
    setLocalError(null);
    setQueued(null);
    onBusy(kind, true);
    try {
      const r = await send(file);
      if (r.ok) onUploaded(kind, r.data);
      else if (r.kind === 'queued') {
        // Offline: kept on the phone, counted as taken; the outbox uploads it before the submission.
        setQueued(r.itemId);
        onUploaded(kind, { documentId: r.itemId, thumbUrl: r.preview, queued: true });
      } else if (r.kind !== 'aborted') setLocalError(r.error);
    } finally {
      onBusy(kind, false);
    }
  }

  useQueuedPhoto(queued, {
    done: useCallback(
      (documentId: string) => {
        setQueued(null);
        onUploaded(kind, { documentId, thumbUrl: photo?.thumbUrl ?? null });
      },
      [kind, onUploaded, photo?.thumbUrl],
    ),
    refused: useCallback(
      (error: string) => {
        setQueued(null);
        setLocalError(error);
        onRefused(kind);
      },
      [kind, onRefused],
    ),
  });

  const busy = phase.step !== 'idle';
  const label = t(`photo.kinds.${kind}`);
  const shownError = localError ?? error;
  const errorId = `photo-${kind}-error`;
  const status =
    phaseText(t, phase) ?? (mustRetake ? t('photo.mustRetake') : photo?.queued ? t('outbox.queuedPhoto') : photo ? t('photo.done') : t('photo.empty'));

  return (
    <li
      className={`rounded-2xl border bg-white p-3 ${shownError || mustRetake ? 'border-red-300' : 'border-slate-200'}`}
      data-testid={`photo-${kind}`}
      id={`photo-${kind}`}
      tabIndex={-1}
    >
      <div className="flex items-baseline justify-between gap-2">
        <h3 className="text-base font-medium">{label}</h3>
        <span
          className={`text-sm ${photo && !mustRetake && !busy ? 'text-emerald-700' : 'text-slate-500'}`}
          aria-live="polite"
          data-testid={`photo-${kind}-status`}
        >
          {status}
        </span>
      </div>
      {note && (
        <p className="mt-1 text-sm text-red-700">
          {t('identity.returned.reason', { reason: note.reason })}
          {note.comment && <span className="block text-slate-600">{t('identity.returned.comment', { comment: note.comment })}</span>}
        </p>
      )}
      <div className="relative mt-2 flex aspect-[1.586] w-full items-center justify-center overflow-hidden rounded-xl bg-slate-100">
        {photo?.thumbUrl ? (
          // A short-lived signed URL to the server's clean copy; next/image would proxy and cache it.
          // eslint-disable-next-line @next/next/no-img-element
          <img src={photo.thumbUrl} alt={t('photo.alt', { kind: label })} className={`h-full w-full object-contain ${mustRetake ? 'opacity-50' : ''}`} />
        ) : (
          <span aria-hidden className="text-4xl text-slate-300">
            ▭
          </span>
        )}
        <UploadProgress phase={phase} label={label} className="absolute inset-x-3 bottom-3" />
      </div>
      {shownError && (
        <p id={errorId} className="mt-2 text-sm text-red-700" data-testid={`photo-${kind}-error`}>
          {t(shownError)}
        </p>
      )}
      {!locked && (
        <div className="mt-3">
          <PhotoPicker
            t={t}
            onPick={(f) => void onPick(f)}
            busy={busy}
            describedBy={shownError ? errorId : undefined}
            testId={`photo-${kind}`}
            takeLabel={photo ? t('photo.retake') : t('photo.take')}
            name={`photo:${kind}`}
          />
        </div>
      )}
    </li>
  );
}
