import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { outboxActions } from '@/app/_components/outbox-actions';
import { LocaleSwitch } from '@/app/_components/locale-switch';
import { DeviceOutbox } from '@/components/outbox/device-outbox';
import { StudentShell } from '@/components/shell/student-shell';
import { DeviceOwner } from '@/lib/client/device/owner';
import { clientMessages } from '@/lib/i18n/client-messages';
import { getT } from '@/lib/i18n/server';
import { getAccess, getCtx } from '@/lib/server/auth/session';

const OUTBOX_MESSAGES = ['outbox', 'photo.kinds', 'photo.errors', 'errors', 'identity.errors', 'corrections.errors'];

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
      {/* The phone's data is this user's (another account's is wiped); the outbox sends from every page. */}
      <DeviceOwner userId={ctx.userId}>
        <DeviceOutbox messages={clientMessages(t, OUTBOX_MESSAGES)} actions={outboxActions} />
        {children}
      </DeviceOwner>
    </StudentShell>
  );
}
