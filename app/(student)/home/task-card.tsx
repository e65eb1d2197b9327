import Link from 'next/link';
import { getT } from '@/lib/i18n/server';
import { getAccess } from '@/lib/server/auth/session';
import { getMyTask } from '@/lib/server/campaigns/my-task';
import { formatShanghai, remaining } from '@/lib/domain/dates';

/**
 * The student's semester confirmation on /home: the open task, its deadline and time left,
 * linking to /confirm. Renders nothing without a task; a failure here never breaks the home page.
 */
export async function HomeTaskCard() {
  const access = await getAccess();
  if (!access?.student) return null;
  const [{ t, locale }, task] = await Promise.all([
    getT(),
    getMyTask({ access }).catch((e: unknown) => {
      console.error('home task card failed', e);
      return null;
    }),
  ]);
  if (!task) return null;
  const now = new Date();
  const open = task.open && task.closesAt > now;
  const left = remaining(task.closesAt, now);
  const todo = task.status === 'pending' && open && !task.firstStep;
  return (
    <section
      className={`space-y-3 rounded-2xl p-5 shadow-sm ${todo ? 'bg-white ring-2 ring-brand-600' : 'bg-white'}`}
      aria-labelledby="confirm-card"
      data-testid="confirm-card"
      data-status={task.status}
    >
      <div className="flex items-start justify-between gap-2">
        <div>
          <h2 id="confirm-card" className="text-base font-semibold">
            {t('confirm.card.title')}
          </h2>
          <p className="text-sm text-slate-600">{task.campaignName}</p>
        </div>
        <span className="shrink-0 rounded-full bg-slate-100 px-2.5 py-1 text-xs font-medium text-slate-700">
          {task.status === 'pending' && !open ? t('confirm.status.closed') : t(`confirm.status.${task.status}`)}
        </span>
      </div>
      {task.status !== 'confirmed' && (
        <p className="text-sm">
          {t('confirm.deadline', { date: formatShanghai(task.closesAt, locale) })}
          <span className="ml-2 font-semibold text-red-700" data-testid="confirm-card-remaining">
            {t(`confirm.remaining.${left.key}`, { n: left.n })}
          </span>
        </p>
      )}
      {task.firstStep && (
        <p className="rounded-xl bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="confirm-card-first-step">
          {t(`resilience.firstStep.${task.firstStep}`)}
        </p>
      )}
      <Link
        href={task.firstStep ? '/identity' : '/confirm'}
        data-testid="confirm-card-action"
        className={`tap flex w-full items-center justify-center rounded-xl px-4 py-3 text-base font-medium ${todo ? 'bg-brand-600 text-white shadow-sm hover:bg-brand-700' : 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50'}`}
      >
        {t(task.firstStep ? 'resilience.firstStep.action' : todo ? 'confirm.card.action' : 'confirm.card.view')}
      </Link>
    </section>
  );
}
