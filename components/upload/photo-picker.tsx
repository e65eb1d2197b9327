'use client';
import type { ChangeEvent } from 'react';
import type { ClientT } from '@/lib/client/t';
import type { UploadPhase } from '@/lib/client/upload/upload';

const BUTTON =
  'tap flex flex-1 cursor-pointer items-center justify-center rounded-xl px-3 text-base font-medium focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-brand-600';

/**
 * "Take photo" and "Choose from album" for every photo the student sends. `capture` opens the
 * camera directly; it works in WeChat's WebView, getUserMedia does not.
 */
export function PhotoPicker({
  t,
  onPick,
  busy,
  describedBy,
  testId,
  takeLabel,
  name,
}: {
  t: ClientT;
  onPick: (file: File) => void;
  busy: boolean;
  describedBy?: string;
  /** data-testid prefix: `${testId}-camera`, `${testId}-album` */
  testId: string;
  takeLabel?: string;
  /** the form field the file is posted as when the page's script did not run (plain form post) */
  name?: string;
}) {
  function change(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = ''; // picking the same file again must fire change again
    if (file) onPick(file);
  }
  const dim = busy ? 'pointer-events-none opacity-60' : '';
  const input = (source: 'camera' | 'album') => (
    <input
      type="file"
      accept="image/*"
      capture={source === 'camera' ? 'environment' : undefined}
      className="peer sr-only"
      name={name}
      // Only for the plain form post: a chosen file makes the input :valid, which shows "chosen"
      // below (the page's script clears the input after taking the file, so it never shows there).
      // The form is noValidate: nothing is blocked by it.
      required={name ? true : undefined}
      onChange={change}
      disabled={busy}
      aria-describedby={describedBy}
      data-testid={`${testId}-${source}`}
    />
  );
  return (
    <div className="flex gap-2">
      <label className={`${BUTTON} flex-wrap bg-brand-600 text-white ${dim}`}>
        {input('camera')}
        <span>{takeLabel ?? t('photo.take')}</span>
        <span className="hidden peer-valid:inline" data-testid={`${testId}-camera-chosen`}>
          &nbsp;✓ {t('photo.chosen')}
        </span>
      </label>
      <label className={`${BUTTON} flex-wrap border border-slate-300 bg-white text-slate-800 ${dim}`}>
        {input('album')}
        <span>{t('photo.album')}</span>
        <span className="hidden peer-valid:inline" data-testid={`${testId}-album-chosen`}>
          &nbsp;✓ {t('photo.chosen')}
        </span>
      </label>
    </div>
  );
}

/** The bar under a photo while its bytes travel. */
export function UploadProgress({ phase, label, className = '' }: { phase: UploadPhase; label?: string; className?: string }) {
  if (phase.step !== 'uploading') return null;
  return (
    <div
      className={`h-2 overflow-hidden rounded-full bg-white/80 ${className}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={phase.percent}
    >
      <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${phase.percent}%` }} />
    </div>
  );
}
