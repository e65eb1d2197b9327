'use client';
import { useFormStatus } from 'react-dom';

/** The run takes seconds to a minute: say so, and make a second click impossible. */
export function SubmitButton({ label, pendingLabel }: { label: string; pendingLabel: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-busy={pending}
      className="tap rounded-lg bg-brand-600 px-5 font-medium text-white disabled:opacity-60"
      data-testid="run-import"
    >
      {pending ? pendingLabel : label}
    </button>
  );
}
