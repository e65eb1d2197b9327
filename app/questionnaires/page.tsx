import Link from 'next/link';
import { getT } from '@/lib/i18n/server';
import { getAccess } from '@/lib/server/auth/session';
import { listMyQuestionnaires } from '@/lib/server/questionnaires/list';

export const dynamic = 'force-dynamic';

export default async function MyQuestionnairesPage() {
  const [access, { t }] = await Promise.all([getAccess(), getT()]);
  const rows = await listMyQuestionnaires({ access });
  return (
    <div className="space-y-3 p-4">
      <h1 className="text-xl font-semibold">{t('questionnaires.yourQuestionnaires')}</h1>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t('questionnaires.empty')}</p>
      ) : (
        <ul className="space-y-2">
          {rows.map((q) => (
            <li key={q.id}>
              <Link href={`/questionnaires/${q.id}`} className="tap flex items-center rounded-xl bg-white px-4 shadow-sm">
                {q.title}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
