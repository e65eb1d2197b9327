import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { DeviceOwner } from '@/lib/client/device/owner';
import { LocaleSwitch } from '@/app/_components/locale-switch';
import { StudentShell } from '@/components/shell/student-shell';
import { getT } from '@/lib/i18n/server';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess, getCtx } from '@/lib/server/auth/session';

/** The counsellor's phone layout: one column, like the students' pages. */
export default async function CounsellorLayout({ children }: { children: ReactNode }) {
  const ctx = await getCtx();
  if (!ctx.userId) redirect('/signin');
  const access = await getAccess();
  if (!access) redirect('/signin?error=AccountDisabled');
  if (!hasRole(access, 'counsellor')) redirect('/');
  const { t, locale } = await getT();
  const nav = [{ href: '/counsellor', label: t('counsellor.title'), icon: '☷' }];
  return (
    <StudentShell title={t('app.name')} headerRight={<LocaleSwitch locale={locale} label={t('locale.switch')} />} nav={nav}>
      {/* Another account's data on this phone (a student's outbox, drafts) is wiped. */}
      <DeviceOwner userId={access.user.id} />
      {children}
    </StudentShell>
  );
}
