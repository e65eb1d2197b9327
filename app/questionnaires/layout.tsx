import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { LocaleSwitch } from '@/app/_components/locale-switch';
import { StudentShell } from '@/components/shell/student-shell';
import { getT } from '@/lib/i18n/server';
import { getAccess, getCtx } from '@/lib/server/auth/session';

/** Students and office staff answer on the phone: the light one-column layout. */
export default async function QuestionnaireLayout({ children }: { children: ReactNode }) {
  const ctx = await getCtx();
  if (!ctx.userId) redirect('/signin');
  const access = await getAccess();
  if (!access) redirect('/signin?error=AccountDisabled');
  const { t, locale } = await getT();
  const nav = [
    { href: access.student ? '/home' : '/staff', label: t('nav.home'), icon: '⌂' },
    { href: '/questionnaires', label: t('questionnaires.nav'), icon: '✎' },
  ];
  return (
    <StudentShell title={t('app.name')} headerRight={<LocaleSwitch locale={locale} label={t('locale.switch')} />} nav={nav}>
      {children}
    </StudentShell>
  );
}
