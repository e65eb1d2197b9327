import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { LocaleSwitch } from '@/app/_components/locale-switch';
import { StudentShell } from '@/components/shell/student-shell';
import { getT } from '@/lib/i18n/server';
import { getAccess, getCtx } from '@/lib/server/auth/session';

export default async function StudentLayout({ children }: { children: ReactNode }) {
  const ctx = await getCtx();
  if (!ctx.userId) redirect('/signin');
  const access = await getAccess();
  if (!access) redirect('/signin?error=AccountDisabled');
  if (!access.student) redirect(access.grants.length ? '/staff' : '/no-access');
  const { t, locale } = await getT();
  const nav = [
    { href: '/home', label: t('nav.home'), icon: '⌂' },
    { href: '/me', label: t('nav.settings'), icon: '☰' },
    { href: '/questionnaires', label: t('questionnaires.nav'), icon: '✎' },
  ];
  return (
    <StudentShell title={t('app.name')} headerRight={<LocaleSwitch locale={locale} label={t('locale.switch')} />} nav={nav}>
      {children}
    </StudentShell>
  );
}
