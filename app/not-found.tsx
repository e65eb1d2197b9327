import type { Metadata } from 'next';
import Link from 'next/link';
import { LocaleSwitch } from '@/app/_components/locale-switch';
import { StatusPage, statusButton } from '@/components/shell/status-page';
import { getT } from '@/lib/i18n/server';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('pages.notFound.title') };
}

/** Every unknown address (and every notFound() a page calls): branded, in the reader's language. */
export default async function NotFound() {
  const { t, locale } = await getT();
  return (
    <StatusPage
      appName={t('app.name')}
      mark={locale === 'zh-CN' ? '核' : 'ID'}
      headerRight={<LocaleSwitch locale={locale} label={t('locale.switch')} />}
      code={t('pages.notFound.code')}
      title={t('pages.notFound.title')}
      body={t('pages.notFound.body')}
      testId="not-found"
    >
      <Link href="/" className={`${statusButton} bg-brand-600 text-white hover:bg-brand-700`} data-testid="not-found-home">
        {t('pages.home')}
      </Link>
    </StatusPage>
  );
}
