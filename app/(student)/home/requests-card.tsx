import Link from 'next/link';
import { getT } from '@/lib/i18n/server';
import { getAccess } from '@/lib/server/auth/session';
import { listMyDocumentRequests } from '@/lib/server/cases/list-my-requests';

/**
 * The home page's pointer to /requests while the verification office waits for documents from
 * this student; nothing at all otherwise. Counts only the requests not answered yet. Reads the
 * person itself (getAccess is cached per request), so the home page adds one line.
 */
export async function DocumentRequestsCard() {
  const access = await getAccess();
  if (!access?.student) return null;
  const [{ t }, requests] = await Promise.all([getT(), listMyDocumentRequests({ access })]);
  const waiting = requests.filter((r) => r.received.length === 0).length;
  if (waiting === 0) return null;
  return (
    <section className="rounded-2xl border border-violet-200 bg-violet-50 p-5" aria-labelledby="requests-card" data-testid="requests-card">
      <h2 id="requests-card" className="text-base font-semibold text-violet-900">
        {t('cases.requests.homeTitle')}
      </h2>
      <p className="mt-1 text-sm text-violet-900">{t('cases.requests.homeBody', { n: waiting })}</p>
      <Link
        href="/requests"
        className="tap mt-3 flex w-full items-center justify-center rounded-xl bg-brand-600 px-4 py-3 text-base font-medium text-white shadow-sm hover:bg-brand-700"
      >
        {t('cases.requests.homeAction')}
      </Link>
    </section>
  );
}
