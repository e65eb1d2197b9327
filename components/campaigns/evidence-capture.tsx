'use client';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { compressImage, uploadWithProgress, UploadError } from '@/lib/client/compress-image';
import type { ClientT } from '@/lib/client/t';
import type { ActionResult, UploadTarget } from './types';

export interface EvidencePhoto {
  documentId: string;
  thumbUrl: string | null;
}

export interface EvidenceActions {
  create: (input: { contentType: string; bytes: number }) => Promise<ActionResult<{ documentId: string; upload: UploadTarget }>>;
  finalize: (input: { documentId: string }) => Promise<ActionResult<{ documentId: string; thumbUrl: string }>>;
}

const MAX_PHOTOS = 5;

function uploadErrorKey(e: unknown): string {
  if (e instanceof UploadError && e.kind === 'http') {
    if (e.status === 413) return 'photo.errors.tooLarge';
    if (e.status === 415) return 'photo.errors.notImage';
    return 'photo.errors.failed';
  }
  return 'photo.errors.network';
}

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
  const [status, setStatus] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);
  const busy = status !== null;

  async function send(file: File) {
    const ac = new AbortController();
    abort.current = ac;
    setLocalError(null);
    try {
      if (file.size === 0) throw new Error('photo.errors.empty');
      setStatus(t('photo.compressing'));
      const { blob } = await compressImage(file);
      const created = await actions.create({ contentType: blob.type || 'image/jpeg', bytes: blob.size });
      if (!created.ok) throw new Error(created.error);
      setStatus(t('photo.uploading', { percent: 0 }));
      const { url, headers } = created.data.upload;
      try {
        await uploadWithProgress(
          url,
          blob,
          headers,
          (p) => setStatus(t('photo.uploading', { percent: Math.min(100, Math.round((p.loaded / (p.total || 1)) * 100)) })),
          ac.signal,
        );
      } catch (e) {
        if (e instanceof UploadError && e.kind === 'aborted') return;
        // 409: an earlier attempt's bytes arrived and only the answer was lost; finalize checks them.
        if (!(e instanceof UploadError && e.kind === 'http' && e.status === 409)) throw new Error(uploadErrorKey(e));
      }
      setStatus(t('photo.checking'));
      const done = await actions.finalize({ documentId: created.data.documentId });
      if (!done.ok) throw new Error(done.error);
      onChange([...photos, done.data]);
    } catch (e) {
      const key = e instanceof Error && /^(photo|errors)\./.test(e.message) ? e.message : 'photo.errors.network';
      if (!ac.signal.aborted) setLocalError(key);
    } finally {
      setStatus(null);
    }
  }

  function onPick(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = ''; // the same file picked again must fire change again
    if (file) void send(file);
  }

  const shown = localError ?? error;
  const button =
    'tap flex flex-1 cursor-pointer items-center justify-center rounded-xl px-3 text-base font-medium focus-within:outline-2 focus-within:outline-brand-600';
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
        <div className="mt-3 flex gap-2">
          {/* capture opens the camera directly; it works in WeChat's WebView, getUserMedia does not */}
          <label className={`${button} bg-brand-600 text-white ${busy ? 'pointer-events-none opacity-60' : ''}`}>
            <input type="file" accept="image/*" capture="environment" className="sr-only" onChange={onPick} disabled={busy} data-testid="evidence-camera" />
            {t('photo.take')}
          </label>
          <label className={`${button} border border-slate-300 bg-white text-slate-800 ${busy ? 'pointer-events-none opacity-60' : ''}`}>
            <input type="file" accept="image/*" className="sr-only" onChange={onPick} disabled={busy} data-testid="evidence-album" />
            {t('photo.album')}
          </label>
        </div>
      )}
    </div>
  );
}
