/**
 * The one client upload sequence — compress → create (a pending document and a signed target) →
 * PUT the bytes → finalize (the server checks, re-encodes and keeps a clean copy) — used by the
 * ID photos, the correction evidence, the case evidence and the offline outbox. No React here:
 * use-upload.ts wraps it for components, lib/client/outbox replays it.
 */
import type { ActionResult } from '@/lib/domain/result';
import { UploadError, uploadWithProgress } from '../compress-image';
import { compressPhoto } from './compress';

export interface UploadTarget {
  url: string;
  method: string;
  headers: Record<string, string>;
}

/** The two server calls of an upload, bound by the caller (kind, request id…). */
export interface UploadSteps<R> {
  create(input: { contentType: string; bytes: number; idempotencyKey: string }): Promise<ActionResult<{ documentId: string; upload: UploadTarget }>>;
  finalize(documentId: string): Promise<ActionResult<R>>;
}

export type UploadPhase = { step: 'idle' } | { step: 'compressing' } | { step: 'uploading'; percent: number } | { step: 'checking' };

export type UploadOutcome<R> =
  | { ok: true; data: R }
  /** network: nothing wrong with the photo, the connection is — keep `blob` (compressed) and send it later */
  | { ok: false; kind: 'network'; error: string; blob: Blob }
  /** refused: the server (or the file itself) said no — the student must act (retake, smaller…) */
  | { ok: false; kind: 'refused'; error: string }
  | { ok: false; kind: 'aborted' };

export interface UploadRun {
  onPhase?: (p: UploadPhase) => void;
  signal?: AbortSignal;
  /** sent with create; the same key for every retry of this photo */
  idempotencyKey: string;
  /** the bytes are already compressed (an outbox item): skip compression */
  compressed?: boolean;
  /** the bytes already reached this document (an earlier attempt): only finalize */
  uploadedDocumentId?: string;
  /** told once the bytes are stored, so a later retry can skip straight to finalize */
  onUploaded?: (documentId: string) => void;
}

/** Server answers and upload failures as photo.errors.* keys the student can act on. */
export function uploadErrorKey(e: UploadError): string {
  if (e.kind === 'http') {
    if (e.status === 413) return 'photo.errors.tooLarge';
    if (e.status === 415) return 'photo.errors.notImage';
    return 'photo.errors.failed';
  }
  return 'photo.errors.network';
}

class Refused extends Error {}
class Unavailable extends Error {}

// The server is there but cannot answer now (database down, internal error): worth a later retry.
const TRANSIENT = new Set(['unavailable', 'internal']);

const offline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

function check<T>(r: ActionResult<T>): T {
  if (!r.ok) throw TRANSIENT.has(r.code) ? new Unavailable(r.error) : new Refused(r.error);
  return r.data;
}

/** Compress when asked; what the browser cannot decode (HEIC on Android) goes as it is. */
export async function preparePhoto(file: Blob): Promise<Blob> {
  const { blob } = await compressPhoto(file);
  return blob;
}

export async function runUpload<R>(file: Blob, steps: UploadSteps<R>, run: UploadRun): Promise<UploadOutcome<R>> {
  const phase = run.onPhase ?? (() => {});
  let blob = file;
  const network = (): UploadOutcome<R> => ({ ok: false, kind: 'network', error: 'photo.errors.network', blob });
  try {
    if (file.size === 0) return { ok: false, kind: 'refused', error: 'photo.errors.empty' };
    let documentId = run.uploadedDocumentId;
    if (!documentId) {
      if (!run.compressed) {
        phase({ step: 'compressing' });
        // Shrinks a 4 MB camera photo to ≤ 0.5 MB and drops its EXIF before it crosses the network.
        blob = await preparePhoto(file);
      }
      if (offline()) return network();
      // Some WebViews give picked files no type; the server sniffs the bytes whatever is declared.
      const created = check(await steps.create({ contentType: blob.type || 'image/jpeg', bytes: blob.size, idempotencyKey: run.idempotencyKey }));
      phase({ step: 'uploading', percent: 0 });
      try {
        await uploadWithProgress(
          created.upload.url,
          blob,
          created.upload.headers,
          (p) => phase({ step: 'uploading', percent: Math.min(100, Math.round((p.loaded / (p.total || 1)) * 100)) }),
          run.signal,
        );
      } catch (e) {
        if (!(e instanceof UploadError)) throw e;
        if (e.kind === 'aborted') return { ok: false, kind: 'aborted' };
        // 409: an earlier attempt's bytes arrived and only the answer was lost; finalize checks them.
        if (!(e.kind === 'http' && e.status === 409)) {
          const error = uploadErrorKey(e);
          if (error === 'photo.errors.network' || (e.status ?? 0) >= 500) return network();
          return { ok: false, kind: 'refused', error };
        }
      }
      documentId = created.documentId;
      run.onUploaded?.(documentId);
    }
    phase({ step: 'checking' });
    return { ok: true, data: check(await steps.finalize(documentId)) };
  } catch (e) {
    if (run.signal?.aborted) return { ok: false, kind: 'aborted' };
    if (e instanceof Refused) return { ok: false, kind: 'refused', error: e.message };
    // A server action that never got an answer rejects with a TypeError: the network.
    return network();
  } finally {
    phase({ step: 'idle' });
  }
}
