'use client';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { compressImage, uploadWithProgress, UploadError } from '@/lib/client/compress-image';
import type { ClientT } from '@/lib/client/t';
import type { PhotoKind } from '@/lib/identity/documents';
import type { IdentityActions, ReturnNote, UploadedPhoto } from './types';

type Phase = { step: 'idle' } | { step: 'compressing' } | { step: 'uploading'; percent: number } | { step: 'checking' };

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
  actions: Pick<IdentityActions, 'createPhotoUpload' | 'finalizePhotoUpload'>;
}

/** Server answers and upload failures as photo.errors.* keys the student can act on. */
function uploadErrorKey(e: unknown): string {
  if (e instanceof UploadError && e.kind === 'http') {
    if (e.status === 413) return 'photo.errors.tooLarge';
    if (e.status === 415) return 'photo.errors.notImage';
    return 'photo.errors.failed';
  }
  return 'photo.errors.network';
}

export function PhotoTile({ kind, t, photo, error, note, mustRetake, locked, onUploaded, onBusy, actions }: PhotoTileProps) {
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [localError, setLocalError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  async function send(file: File) {
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    setLocalError(null);
    onBusy(kind, true);
    try {
      if (file.size === 0) throw new Error('photo.errors.empty');
      setPhase({ step: 'compressing' });
      // Shrinks a 4 MB camera photo to ~0.4 MB and drops its EXIF before it crosses the network.
      // A file the browser cannot decode goes as it is: the server's answer says what is wrong.
      const { blob } = await compressImage(file);
      // Some WebViews give picked files no type; the server sniffs the bytes whatever is declared,
      // and refuses types it does not take (PDF, GIF…) with photo.errors.notImage.
      const contentType = blob.type || 'image/jpeg';
      const created = await actions.createPhotoUpload({ kind, contentType, bytes: blob.size });
      if (!created.ok) throw new Error(created.error);
      setPhase({ step: 'uploading', percent: 0 });
      const { url, headers } = created.data.upload;
      try {
        await uploadWithProgress(
          url,
          blob,
          headers,
          (p) => setPhase({ step: 'uploading', percent: Math.min(100, Math.round((p.loaded / (p.total || 1)) * 100)) }),
          ac.signal,
        );
      } catch (e) {
        if (e instanceof UploadError && e.kind === 'aborted') return;
        // 409: an earlier attempt's bytes arrived and only the answer was lost; finalize checks them.
        if (!(e instanceof UploadError && e.kind === 'http' && e.status === 409)) throw new Error(uploadErrorKey(e));
      }
      setPhase({ step: 'checking' });
      const done = await actions.finalizePhotoUpload({ documentId: created.data.documentId });
      if (!done.ok) throw new Error(done.error);
      onUploaded(kind, done.data);
    } catch (e) {
      // A server action that never got an answer rejects with a TypeError: the network.
      const key = e instanceof Error && /^(photo|errors)\./.test(e.message) ? e.message : 'photo.errors.network';
      if (!ac.signal.aborted) setLocalError(key);
    } finally {
      if (abort.current === ac) {
        setPhase({ step: 'idle' });
        onBusy(kind, false);
      }
    }
  }

  function onPick(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = ''; // picking the same file again must fire change again
    if (file) void send(file);
  }

  const busy = phase.step !== 'idle';
  const label = t(`photo.kinds.${kind}`);
  const shownError = localError ?? error;
  const errorId = `photo-${kind}-error`;
  const status =
    phase.step === 'compressing'
      ? t('photo.compressing')
      : phase.step === 'uploading'
        ? t('photo.uploading', { percent: phase.percent })
        : phase.step === 'checking'
          ? t('photo.checking')
          : mustRetake
            ? t('photo.mustRetake')
            : photo
              ? t('photo.done')
              : t('photo.empty');
  const button =
    'tap flex flex-1 cursor-pointer items-center justify-center rounded-xl px-3 text-base font-medium focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-brand-600';

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
        {phase.step === 'uploading' && (
          <div
            className="absolute inset-x-3 bottom-3 h-2 overflow-hidden rounded-full bg-white/80"
            role="progressbar"
            aria-label={label}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={phase.percent}
          >
            <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${phase.percent}%` }} />
          </div>
        )}
      </div>
      {shownError && (
        <p id={errorId} className="mt-2 text-sm text-red-700" data-testid={`photo-${kind}-error`}>
          {t(shownError)}
        </p>
      )}
      {!locked && (
        <div className="mt-3 flex gap-2">
          {/* capture opens the camera directly; it works in WeChat's WebView, getUserMedia does not */}
          <label className={`${button} bg-brand-600 text-white ${busy ? 'pointer-events-none opacity-60' : ''}`}>
            <input
              type="file"
              accept="image/*"
              capture="environment"
              className="sr-only"
              onChange={onPick}
              disabled={busy}
              aria-describedby={shownError ? errorId : undefined}
              data-testid={`photo-${kind}-camera`}
            />
            {photo ? t('photo.retake') : t('photo.take')}
          </label>
          <label className={`${button} border border-slate-300 bg-white text-slate-800 ${busy ? 'pointer-events-none opacity-60' : ''}`}>
            <input
              type="file"
              accept="image/*"
              className="sr-only"
              onChange={onPick}
              disabled={busy}
              aria-describedby={shownError ? errorId : undefined}
              data-testid={`photo-${kind}-album`}
            />
            {t('photo.album')}
          </label>
        </div>
      )}
    </li>
  );
}
