'use client';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { clientT, type ClientMessages } from '@/lib/client/t';
import { phaseText, useUpload } from '@/lib/client/upload/use-upload';
import type { UploadSteps } from '@/lib/client/upload/upload';
import { PhotoPicker, UploadProgress } from '@/components/upload/photo-picker';
import type { EvidenceActions } from './types';

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
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const steps = useMemo<UploadSteps<{ documentId: string; thumbUrl: string | null }>>(
    () => ({
      create: (input) => actions.start({ requestId, contentType: input.contentType, bytes: input.bytes }),
      finalize: (documentId) => actions.attach({ requestId, documentId }),
    }),
    [actions, requestId],
  );
  const { phase, busy, send } = useUpload(steps);

  async function onPick(file: File) {
    setError(null);
    setDone(null);
    const r = await send(file);
    if (r.ok) {
      setDone(r.data.thumbUrl);
      router.refresh();
    } else if (r.kind !== 'aborted') setError(r.error);
  }

  const errorId = `evidence-${requestId}-error`;
  const status = phaseText(t, phase) ?? (done !== null ? t('cases.requests.uploaded') : answered ? t('cases.requests.addMore') : '');
  return (
    <div className="mt-3" data-testid={`evidence-${requestId}`}>
      <UploadProgress phase={phase} className="mb-2 bg-slate-100" />
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
      <PhotoPicker t={t} onPick={(f) => void onPick(f)} busy={busy} describedBy={error ? errorId : undefined} testId={`evidence-${requestId}`} />
    </div>
  );
}
