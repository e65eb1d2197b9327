import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { NoticeStep } from '@/components/identity/notice';
import { getT } from '@/lib/i18n/server';
import { NOTICE_VERSION } from '@/lib/identity/notice';
import { getAccess } from '@/lib/server/auth/session';
import { getMyRecord } from '@/lib/server/identity/get-my-record';
import { acceptNoticeAction } from '../actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('notice.title') };
}

/**
 * The privacy notice on its own address: shown before the first submission (the form redirects
 * here until it is acknowledged) and readable at any time afterwards.
 */
export default async function NoticePage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const access = await getAccess();
  if (!access?.student) redirect('/');
  const [{ t }, record, { error }] = await Promise.all([getT(), getMyRecord({ access }), searchParams]);
  // Only our own message keys are shown; anything else in the URL is ignored.
  const shown = error && /^(notice|errors)\.[\w.]+$/.test(error) ? error : null;
  return (
    <div className="space-y-4">
      <NoticeStep t={t} version={NOTICE_VERSION} error={shown} accepted={record.noticeAccepted} action={acceptNoticeAction} />
      {record.noticeAccepted && (
        <Link
          href="/identity"
          className="tap flex items-center justify-center rounded-xl border border-slate-300 bg-white px-4 text-base text-slate-800"
          data-testid="notice-back"
        >
          {t('notice.back')}
        </Link>
      )}
    </div>
  );
}
