import type { Metadata } from 'next';
import { outboxActions } from '@/app/_components/outbox-actions';
import { createEvidenceUploadAction, finalizeEvidenceUploadAction, requestCorrectionAction } from '@/app/(student)/confirm/actions';
import { createPhotoUploadAction, finalizePhotoUploadAction, saveDraftAction, submitIdentityAction } from '@/app/(student)/identity/actions';
import { OfflineDevice } from '@/components/outbox/offline-device';
import { translator } from '@/lib/i18n';
import { clientMessages } from '@/lib/i18n/client-messages';

// Offline fallback served by the service worker when a navigation fails. No personal data, no
// session, no data fetching: only bilingual markup; what is personal (the last known status, the
// outbox) is read from this phone's IndexedDB by OfflineDevice. Rendered per request (not
// prerendered) so its scripts carry the CSP nonce of the response the service worker precaches
// with it (decision 102).
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: '离线 · Offline' };

const KEYS = ['outbox', 'photo.kinds', 'photo.errors', 'errors', 'identity.errors', 'corrections.errors'];
const messages = { 'zh-CN': clientMessages(translator('zh-CN'), KEYS), en: clientMessages(translator('en'), KEYS) };
// The identity form, for a student who starts the app with no network (what it needs on /identity
// and the roster card's labels; the form's starting point comes from this phone, see OfflineDevice).
const IDENTITY_KEYS = ['identity', 'photo', 'errors', 'ratelimit.upload', 'outbox', 'home.studentNumber', 'home.department', 'home.cohort', 'home.cohortValue'];
const IDENTITY_EXCLUDE = ['identity.view.', 'identity.title', 'identity.intro'];
const identity = {
  messages: {
    'zh-CN': clientMessages(translator('zh-CN'), IDENTITY_KEYS, IDENTITY_EXCLUDE),
    en: clientMessages(translator('en'), IDENTITY_KEYS, IDENTITY_EXCLUDE),
  },
  actions: {
    saveDraft: saveDraftAction,
    submit: submitIdentityAction,
    createPhotoUpload: createPhotoUploadAction,
    finalizePhotoUpload: finalizePhotoUploadAction,
  },
};
// "Something is wrong" with the verified record: the correction form and its evidence photos.
const CORRECTION_KEYS = ['corrections', 'photo', 'errors', 'identity.errors', 'fields.names', 'ratelimit.upload', 'outbox', 'confirm.somethingWrong'];
const correction = {
  messages: { 'zh-CN': clientMessages(translator('zh-CN'), CORRECTION_KEYS), en: clientMessages(translator('en'), CORRECTION_KEYS) },
  actions: { request: requestCorrectionAction, evidence: { create: createEvidenceUploadAction, finalize: finalizeEvidenceUploadAction } },
};

export default function OfflinePage() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-6 p-6">
      <div className="flex items-center gap-3">
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src="/icons/icon-192.png" alt="" width={48} height={48} className="rounded-xl" />
        <p className="text-lg font-semibold text-brand-700">校园身份核验 · Campus ID Verify</p>
      </div>
      <h1 className="text-2xl font-bold" data-testid="offline-title">
        当前没有网络连接 · You are offline
      </h1>
      <section className="rounded-xl bg-white p-4 shadow-sm">
        <h2 className="font-semibold">仍然可用 · What still works</h2>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700">
          <li lang="zh-CN">已打开的应用外壳、图标和样式会继续显示。</li>
          <li lang="en">The app shell, icons and styles stay available.</li>
          <li lang="zh-CN">为保护隐私，个人信息页面从不缓存，需联网后查看。已填写的表格和照片保存在本机，联网后自动发送。</li>
          <li lang="en">
            For your privacy, personal pages are never cached: view them once you are back online. Forms and photos you filled in are kept on this phone and
            sent when you are back online.
          </li>
        </ul>
      </section>
      <OfflineDevice messages={messages} actions={outboxActions} identity={identity} correction={correction} />
      {/* A full document request on purpose: retrying means asking the network again, not a client-side transition. */}
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
      <a href="/" className="tap inline-flex items-center justify-center rounded-xl bg-brand-600 px-4 font-semibold text-white">
        重试 · Retry
      </a>
    </main>
  );
}
