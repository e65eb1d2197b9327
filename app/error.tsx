'use client';
import { useEffect } from 'react';
import { StatusPage, statusButton } from '@/components/shell/status-page';
import { useErrorStrings } from './_components/error-strings';

// Used only if the provider is missing (it is in the root layout): both languages, like /offline.
const FALLBACK = {
  appName: '校园身份核验 · Campus ID Verify',
  mark: '核',
  title: '出了点问题 · Something went wrong',
  body: '页面暂时无法显示，请稍后重试。 This page cannot be shown right now; please try again.',
  code: '{digest}',
  retry: '重试 · Try again',
  home: '返回首页 · Home',
};

/** A page or layout below the root threw: the root layout (and its language) still stands. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const s = useErrorStrings() ?? FALLBACK;
  useEffect(() => {
    // The server logged the cause under this digest; the browser console gets the same reference.
    console.warn('page error', error.digest ?? error.message);
  }, [error]);
  return (
    <StatusPage
      appName={s.appName}
      mark={s.mark}
      code={error.digest ? s.code.replace('{digest}', error.digest) : undefined}
      title={s.title}
      body={s.body}
      testId="error-page"
    >
      <button type="button" onClick={reset} className={`${statusButton} bg-brand-600 text-white hover:bg-brand-700`}>
        {s.retry}
      </button>
      {/* A full document request: the client router may be what failed. */}
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
      <a href="/" className={`${statusButton} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`}>
        {s.home}
      </a>
    </StatusPage>
  );
}
