'use client';
import type { ReactNode } from 'react';
import { useActionState } from 'react';
import type { ActionResult } from '@/lib/domain/result';

export type SecretResult = { secret: string; note: string };

/**
 * A form whose action answers with a `whsec_` secret: shown here once, in the page only (never in
 * a URL or a cookie). Used to register an endpoint and to rotate its secret.
 */
export function SecretOnceForm({
  action,
  hidden,
  children,
  submit,
  secretLabel,
  errorMessages,
  testId,
  className,
}: {
  action: (prev: ActionResult<SecretResult> | null, fd: FormData) => Promise<ActionResult<SecretResult>>;
  hidden: Record<string, string>;
  children?: ReactNode;
  submit: string;
  secretLabel: string;
  /** Translated messages by i18n key; anything else shows `fallback`. */
  errorMessages: Record<string, string> & { fallback: string };
  testId: string;
  className?: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <div className={className}>
      <form action={formAction} className="flex flex-wrap items-end gap-3 text-sm" data-testid={testId}>
        {Object.entries(hidden).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        {children}
        <button type="submit" disabled={pending} className="tap rounded-lg bg-brand-600 px-4 text-white disabled:opacity-50">
          {submit}
        </button>
      </form>
      {state?.ok && (
        <div role="status" className="mt-3 rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
          <p>{state.data.note}</p>
          <label className="mt-1 block">
            <span className="sr-only">{secretLabel}</span>
            <input
              readOnly
              value={state.data.secret}
              className="w-full rounded border border-amber-300 bg-white px-2 py-2 font-mono text-xs"
              data-testid={`${testId}-secret`}
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
