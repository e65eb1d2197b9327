import { useCallback, useState } from 'react';
import type { PhotoKind, UploadedPhoto } from './types';

/** The photos on file per kind, which returned ones still need retaking, and their messages. */
export function usePhotos(initial: Partial<Record<PhotoKind, UploadedPhoto>>, initialRetake: PhotoKind[]) {
  const [photos, setPhotos] = useState(initial);
  const [retake, setRetake] = useState<ReadonlySet<PhotoKind>>(() => new Set(initialRetake));
  const [errors, setErrors] = useState<Partial<Record<PhotoKind, string>>>({});
  const [busy, setBusy] = useState<ReadonlySet<PhotoKind>>(new Set());

  const onUploaded = useCallback((kind: PhotoKind, photo: UploadedPhoto) => {
    setPhotos((p) => ({ ...p, [kind]: photo }));
    setRetake((r) => new Set([...r].filter((k) => k !== kind)));
    setErrors((e) => ({ ...e, [kind]: undefined }));
  }, []);
  const onRefused = useCallback((kind: PhotoKind) => {
    setPhotos((p) => ({ ...p, [kind]: undefined }));
  }, []);
  const onBusy = useCallback((kind: PhotoKind, on: boolean) => {
    setBusy((b) => new Set(on ? [...b, kind] : [...b].filter((k) => k !== kind)));
  }, []);

  /** photo.errors.* for each required kind that is missing or still awaiting its retake. */
  const missing = (kinds: readonly PhotoKind[]) => {
    const out: Partial<Record<PhotoKind, string>> = {};
    for (const k of kinds) {
      if (retake.has(k)) out[k] = 'photo.errors.retake';
      else if (!photos[k]) out[k] = 'photo.errors.required';
    }
    return out;
  };

  /** photos taken offline, still in the outbox */
  const queued = Object.values(photos).some((p) => p?.queued);

  return { photos, retake, errors, setErrors, busy: busy.size > 0, onUploaded, onBusy, onRefused, missing, queued };
}

/** Brings a photo tile into view and puts the keyboard on its camera button. */
export function focusPhoto(kind: PhotoKind): void {
  const el = document.getElementById(`photo-${kind}`);
  el?.scrollIntoView({ block: 'center' });
  el?.querySelector('input')?.focus({ preventScroll: true });
}
