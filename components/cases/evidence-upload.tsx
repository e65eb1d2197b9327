'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { compressImage, uploadWithProgress, UploadError } from '@/lib/client/compress-image';
import { clientT, type ClientMessages } from '@/lib/client/t';
import type { EvidenceActions } from './types';

type Phase = { step: 'idle' } | { step: 'compressing' } | { step: 'uploading'; percent: number } | { step: 'checking' };

function uploadErrorKey(e: unknown): string {
  if (e instanceof UploadError && e.kind === 'http') {
    if (e.status === 413) return 'photo.errors.tooLarge';
    if (e.status === 415) return 'photo.errors.notImage';
    return 'photo.errors.failed';
  }
  return 'photo.errors.network';
}

/**
 * Camera (or album) upload answering one document request, on a phone, often inside WeChat's
 * WebView: the same pipeline as the ID photos (shrink in the browser, signed upload, server-side
 * check and clean-up), then the photo is linked to the request. Not PhotoTile from the identity
 * form: that one is bound to the ID photo kinds and the form's state; this one answers a request
 * and may be used several times (a document with several pages).
 */
export function EvidenceUpload({
  requestId,
  messages,
  answered,
  actions,
}: {
  requestId: string;
  messages: ClientMessages;
  answered: boolean;
  actions: EvidenceActions;
}) {
  const t = clientT(messages);
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  async function send(file: File) {
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    setError(null);
    setDone(null);
    try {
      if (file.size === 0) throw new Error('photo.errors.empty');
      setPhase({ step: 'compressing' });
      const { blob } = await compressImage(file);
      const created = await actions.start({ requestId, contentType: blob.type || 'image/jpeg', bytes: blob.size });
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
        // 409: an earlier attempt's bytes arrived and only the answer was lost; attaching checks them.
        if (!(e instanceof UploadError && e.kind === 'http' && e.status === 409)) throw new Error(uploadErrorKey(e));
      }
      setPhase({ step: 'checking' });
      const attached = await actions.attach({ requestId, documentId: created.data.documentId });
      if (!attached.ok) throw new Error(attached.error);
      setDone(attached.data.thumbUrl);
      router.refresh();
    } catch (e) {
      const key = e instanceof Error && /^(photo|errors|cases)\./.test(e.message) ? e.message : 'photo.errors.network';
      if (!ac.signal.aborted) setError(key);
    } finally {
      if (abort.current === ac) setPhase({ step: 'idle' });
    }
  }

  function onPick(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = ''; // picking the same file again must fire change again
    if (file) void send(file);
  }

  const busy = phase.step !== 'idle';
  const errorId = `evidence-${requestId}-error`;
  const status =
    phase.step === 'compressing'
      ? t('photo.compressing')
      : phase.step === 'uploading'
        ? t('photo.uploading', { percent: phase.percent })
        : phase.step === 'checking'
          ? t('photo.checking')
          : done !== null
            ? t('cases.requests.uploaded')
            : answered
              ? t('cases.requests.addMore')
              : '';
  const button =
    'tap flex flex-1 cursor-pointer items-center justify-center rounded-xl px-3 text-base font-medium focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-brand-600';
  return (
    <div className="mt-3" data-testid={`evidence-${requestId}`}>
      {phase.step === 'uploading' && (
        <div
          className="mb-2 h-2 overflow-hidden rounded-full bg-slate-100"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={phase.percent}
        >
          <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${phase.percent}%` }} />
        </div>
      )}
      {status && (
        <p className="mb-2 text-sm text-slate-600" aria-live="polite" data-testid={`evidence-${requestId}-status`}>
          {status}
        </p>
      )}
      {error && (
        <p id={errorId} className="mb-2 text-sm text-red-700" role="alert" data-testid={`evidence-${requestId}-error`}>
          {t(error)}
        </p>
      )}
      <div className="flex gap-2">
        {/* capture opens the camera directly; it works in WeChat's WebView, getUserMedia does not */}
        <label className={`${button} bg-brand-600 text-white ${busy ? 'pointer-events-none opacity-60' : ''}`}>
          <input
            type="file"
            accept="image/*"
            capture="environment"
            className="sr-only"
            onChange={onPick}
            disabled={busy}
            aria-describedby={error ? errorId : undefined}
            data-testid={`evidence-${requestId}-camera`}
          />
          {t('photo.take')}
        </label>
        <label className={`${button} border border-slate-300 bg-white text-slate-800 ${busy ? 'pointer-events-none opacity-60' : ''}`}>
          <input
            type="file"
            accept="image/*"
            className="sr-only"
            onChange={onPick}
            disabled={busy}
            aria-describedby={error ? errorId : undefined}
            data-testid={`evidence-${requestId}-album`}
          />
          {t('photo.album')}
        </label>
      </div>
    </div>
  );
}
