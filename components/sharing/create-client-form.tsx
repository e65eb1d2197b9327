'use client';
import { useActionState } from 'react';
import type { ActionResult } from '@/lib/domain/result';

type Labels = { name: string; days: string; create: string; created: string; token: string };

/** Creates an API client and shows its token once, in the page only (never in a URL). */
export function CreateClientForm({
  officeId,
  action,
  labels,
  errorMessages,
}: {
  officeId: string;
  action: (prev: ActionResult<{ token: string }> | null, fd: FormData) => Promise<ActionResult<{ token: string }>>;
  labels: Labels;
  /** Translated messages by i18n key; anything else shows `fallback`. */
  errorMessages: Record<string, string> & { fallback: string };
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <div>
      <form action={formAction} className="flex flex-wrap items-end gap-2 text-sm">
        <input type="hidden" name="officeId" value={officeId} />
        <label className="flex flex-col">
          <span className="text-xs text-slate-500">{labels.name}</span>
          <input name="name" required maxLength={100} className="tap rounded-lg border border-slate-300 px-2" data-testid={`client-name-${officeId}`} />
        </label>
        <label className="flex flex-col">
          <span className="text-xs text-slate-500">{labels.days}</span>
          <input name="expiresInDays" type="number" min={1} max={365} defaultValue={90} className="tap w-24 rounded-lg border border-slate-300 px-2" />
        </label>
        <button type="submit" disabled={pending} className="tap rounded-lg bg-brand-600 px-3 text-white disabled:opacity-50">
          {labels.create}
        </button>
      </form>
      {state?.ok && (
        <div role="status" className="mt-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
          <p>{labels.created}</p>
          <label className="mt-1 block">
            <span className="sr-only">{labels.token}</span>
            <input
              readOnly
              value={state.data.token}
              className="w-full rounded border border-amber-300 bg-white px-2 py-1 font-mono text-xs"
              data-testid="new-token"
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
        </div>
      )}
      {state && !state.ok && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {errorMessages[Object.values(state.fieldErrors ?? {})[0] ?? state.error] ?? errorMessages.fallback}
        </p>
      )}
    </div>
  );
}
