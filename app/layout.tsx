import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { getT } from '@/lib/i18n/server';
import { SwUpdate } from './_components/sw-update';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: { default: t('app.name'), template: `%s · ${t('app.name')}` }, description: t('app.tagline') };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#1d4ed8' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale } = await getT();
  return (
    <html lang={locale}>
      <body className="min-h-dvh">
        {children}
        <SwUpdate />
      </body>
    </html>
  );
}
