import type { T } from '@/lib/i18n';
import { keyIn } from '@/lib/i18n';

const CLASS: Record<string, string> = {
  submitted: 'bg-blue-50 text-blue-800',
  in_review: 'bg-indigo-100 text-indigo-900',
  returned: 'bg-orange-100 text-orange-900',
  escalated: 'bg-purple-100 text-purple-900',
  verified: 'bg-emerald-100 text-emerald-900',
};

export function StateBadge({ t, state }: { t: T; state: string }) {
  return (
    <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${CLASS[state] ?? 'bg-slate-100 text-slate-700'}`} data-state={state}>
      {t(keyIn('review.states', state))}
    </span>
  );
}
