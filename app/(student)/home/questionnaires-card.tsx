import Link from 'next/link';
import { getT } from '@/lib/i18n/server';
import { getAccess } from '@/lib/server/auth/session';
import { listMyQuestionnaires } from '@/lib/server/questionnaires/list';

/**
 * The home page's pointer to /questionnaires while one is waiting for this student's answer —
 * including one that reached them on its own (after their verification, or when a campaign
 * closed; decision 075). Nothing at all otherwise.
 */
export async function QuestionnairesCard() {
  const access = await getAccess();
  if (!access?.student) return null;
  const [{ t }, open] = await Promise.all([getT(), listMyQuestionnaires({ access })]);
  if (open.length === 0) return null;
  return (
    <section className="rounded-2xl border border-sky-200 bg-sky-50 p-5" aria-labelledby="questionnaires-card" data-testid="questionnaires-card">
      <h2 id="questionnaires-card" className="text-base font-semibold text-sky-950">
        {t('questionnaires.homeTitle')}
      </h2>
      <p className="mt-1 text-sm text-sky-950">{t('questionnaires.homeBody', { n: open.length })}</p>
      <Link
        href={open.length === 1 ? `/questionnaires/${open[0]!.id}` : '/questionnaires'}
        className="tap mt-3 flex w-full items-center justify-center rounded-xl border border-sky-300 bg-white px-4 py-3 text-base font-medium text-sky-950 hover:bg-sky-100"
      >
        {open.length === 1 ? open[0]!.title : t('questionnaires.homeAction')}
      </Link>
    </section>
  );
}
