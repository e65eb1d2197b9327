import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { CaseList } from '@/components/cases/case-list';
import { parseCaseFilters } from '@/lib/domain/case-filters';
import { getT } from '@/lib/i18n/server';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { listDepartments } from '@/lib/server/roster/list-departments';
import { listCases } from '@/lib/server/cases/list-cases';
import { toAppError } from '@/lib/server/errors';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('cases.title') };
}

/** List + detail on a tablet: the list on the left, the chosen case (./[id]) on the right. */
export default async function CasesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [access, { t, locale }, sp] = await Promise.all([getAccess(), getT(), searchParams]);
  if (!hasRole(access, 'registrar') && !hasRole(access, 'reviewer')) redirect('/staff');
  const filters = parseCaseFilters(sp);
  // A stale or hand-edited cursor starts the list again rather than failing the page.
  const page = await listCases({ access, input: filters }).catch((e: unknown) => {
    if (toAppError(e).code !== 'invalid_input') throw e;
    return listCases({ access, input: { ...filters, cursor: undefined } });
  });
  // A server component renders once per request: "now" is the request's time, not a render impurity.
  // eslint-disable-next-line react-hooks/purity
  const now = Date.now();
  const schools = new Map((await listDepartments(access!)).map((d) => [d.code, locale === 'zh-CN' ? d.nameZh : d.nameEn]));
  const schoolOf = (code: string) => schools.get(code) ?? code;
  return (
    <div className="grid h-full md:grid-cols-[minmax(18rem,24rem)_1fr]">
      <CaseList t={t} page={page} filters={filters} now={now} schoolOf={schoolOf} />
      <section className="hidden p-6 md:block">
        <h1 className="text-xl font-semibold">{t('cases.title')}</h1>
        <p className="mt-2 text-sm text-slate-500">{t('cases.selectCase')}</p>
      </section>
    </div>
  );
}
