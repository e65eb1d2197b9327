'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { clientT, type ClientMessages } from '@/lib/client/t';

const MAX_BYTES = 50 * 1024 * 1024;

/**
 * Step 1. The file goes up as the request body (streamed to disk by the route, size-limited);
 * the answer is an upload id, and the page then shows the mapping step for it.
 */
export function UploadForm({ messages, kinds }: { messages: ClientMessages; kinds: { value: string; label: string; help: string }[] }) {
  const t = clientT(messages);
  const router = useRouter();
  const [kind, setKind] = useState(kinds[0]!.value);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const file = (e.currentTarget.elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) return setError(t('imports.upload.chooseFile'));
    if (file.size > MAX_BYTES) return setError(t('imports.file.tooLarge'));
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/staff/imports/upload?${new URLSearchParams({ kind, name: file.name })}`, {
        method: 'POST',
        body: file,
        headers: { 'Content-Type': file.type || 'application/octet-stream' },
      });
      const body = (await res.json().catch(() => null)) as { uploadId?: string; error?: string } | null;
      if (!res.ok || !body?.uploadId) throw new Error(body?.error ?? 'imports.upload.failed');
      router.push(`/staff/imports?upload=${encodeURIComponent(body.uploadId)}`);
    } catch (err) {
      const key = err instanceof Error && /^(imports|errors|http)\.[\w.]+$/.test(err.message) ? err.message : 'imports.upload.failed';
      setError(t(key));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" data-testid="import-upload">
      <fieldset>
        <legend className="text-sm font-medium">{t('imports.upload.kind')}</legend>
        <div className="mt-2 grid gap-2 md:grid-cols-2">
          {kinds.map((k) => (
            <label
              key={k.value}
              className={`flex cursor-pointer gap-3 rounded-xl border p-3 ${kind === k.value ? 'border-brand-600 bg-brand-50' : 'border-slate-200 bg-white'}`}
            >
              <input type="radio" name="kind" value={k.value} checked={kind === k.value} onChange={() => setKind(k.value)} className="mt-1 h-5 w-5" />
              <span>
                <span className="block font-medium">{k.label}</span>
                <span className="block text-sm text-slate-600">{k.help}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <label htmlFor="import-file" className="text-sm font-medium">
          {t('imports.upload.file')}
        </label>
        <input
          id="import-file"
          name="file"
          type="file"
          accept=".csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          className="tap mt-2 block w-full rounded-lg border border-slate-300 bg-white p-2 text-sm"
        />
        <p className="mt-1 text-sm text-slate-500">{t('imports.upload.help')}</p>
      </div>
      {error && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} aria-busy={busy} className="tap rounded-lg bg-brand-600 px-5 font-medium text-white disabled:opacity-60">
        {busy ? t('imports.upload.uploading') : t('imports.upload.button')}
      </button>
    </form>
  );
}
