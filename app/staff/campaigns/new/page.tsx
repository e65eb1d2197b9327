import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { CampaignForm } from '@/components/campaigns/campaign-form';
import { clientMessages } from '@/lib/i18n/client-messages';
import { toShanghaiInput } from '@/lib/domain/dates';
import { getT } from '@/lib/i18n/server';
import { CAMPAIGN_SECTIONS } from '@/lib/schemas/campaign';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { listDepartments } from '@/lib/server/roster/list-departments';
import { createCampaignAction } from '../actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('campaigns.new') };
}

/** The intake year of the newest cohort: students arrive in September (Beijing time). */
function newestCohort(now: Date): number {
  const china = new Date(now.getTime() + 8 * 3600e3);
  return china.getUTCMonth() >= 6 ? china.getUTCFullYear() : china.getUTCFullYear() - 1;
}

export default async function NewCampaignPage() {
  const [access, { t, locale }] = await Promise.all([getAccess(), getT()]);
  if (!access || !hasRole(access, 'registrar')) redirect('/staff/campaigns');
  const departments = await listDepartments(access);
  const now = new Date();
  // From now (a draft opens to students only when the registrar opens it), two weeks to answer.
  const opens = new Date(Math.floor(now.getTime() / 60e3) * 60e3);
  const closes = new Date(opens.getTime() + 14 * 86400e3);
  const newest = newestCohort(now);
  return (
    <div className="space-y-4 p-4 md:p-6">
      <Link href="/staff/campaigns" className="tap inline-flex items-center rounded-lg px-2 text-sm text-brand-700 hover:bg-slate-100">
        ← {t('campaigns.back')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('campaigns.new')}</h1>
      <CampaignForm
        action={createCampaignAction}
        departments={departments.map((d) => ({ id: d.id, label: locale === 'zh-CN' ? d.nameZh : d.nameEn }))}
        cohorts={Array.from({ length: 8 }, (_, i) => newest - 7 + i)}
        sections={CAMPAIGN_SECTIONS.map((s) => ({ id: s, label: t(`confirm.sections.${s}`) }))}
        defaults={{ opensAt: toShanghaiInput(opens), closesAt: toShanghaiInput(closes) }}
        messages={clientMessages(t, ['campaigns.form', 'campaigns.errors', 'campaigns.cohortValue', 'errors'])}
      />
    </div>
  );
}
