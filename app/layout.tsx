import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { getT } from '@/lib/i18n/server';
import { ErrorStringsProvider } from './_components/error-strings';
import { SwUpdate } from './_components/sw-update';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: { default: t('app.name'), template: `%s · ${t('app.name')}` }, description: t('app.tagline') };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#1d4ed8' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { t, locale } = await getT();
  const errorStrings = {
    appName: t('app.name'),
    mark: locale === 'zh-CN' ? '核' : 'ID',
    title: t('pages.error.title'),
    body: t('pages.error.body'),
    code: t('pages.error.code'),
    retry: t('pages.error.retry'),
    home: t('pages.home'),
  };
  return (
    <html lang={locale}>
      <body className="min-h-dvh">
        <ErrorStringsProvider value={errorStrings}>{children}</ErrorStringsProvider>
        <SwUpdate />
      </body>
    </html>
  );
}
