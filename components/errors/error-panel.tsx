'use client';
import { useRouter } from 'next/navigation';
import { startTransition, useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { RETRY_AFTER_SECONDS, UNAVAILABLE_DIGEST } from '@/lib/domain/unavailable';
import en from '@/lib/i18n/messages/en/resilience';
import zh from '@/lib/i18n/messages/zh-CN/resilience';

type Locale = 'zh-CN' | 'en';
const noop = () => () => {};
// The root layout sets <html lang> from the locale cookie; the boundary runs below it.
const useLocale = (): Locale =>
  useSyncExternalStore(
    noop,
    () => (document.documentElement.lang === 'en' ? 'en' : 'zh-CN'),
    () => 'zh-CN',
  );

/**
 * What an error boundary shows (decision 122). For `unavailable` (the database is restarting or
 * unreachable): a calm "temporarily unavailable, your work is kept" that retries by itself; for
 * anything else a short localized error with a retry. Only the two small message files of this
 * namespace are bundled, not the catalog.
 */
export function ErrorPanel({ error, reset, framed = false }: { error: Error & { digest?: string }; reset: () => void; framed?: boolean }) {
  const locale = useLocale();
  const m = locale === 'en' ? en : zh;
  const unavailable = error.digest === UNAVAILABLE_DIGEST;
  const [left, setLeft] = useState(RETRY_AFTER_SECONDS);
  const router = useRouter();
  // The failure was in a server component: render it on the server again, then clear the boundary.
  const retry = useCallback(
    () =>
      startTransition(() => {
        router.refresh();
        reset();
      }),
    [router, reset],
  );

  useEffect(() => {
    if (!unavailable) return;
    const timer = setInterval(() => {
      setLeft((s) => {
        if (s > 1) return s - 1;
        retry();
        return RETRY_AFTER_SECONDS;
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [unavailable, retry]);

  const panel = (
    <section role="alert" className="space-y-3 rounded-2xl bg-white p-5 shadow-sm" data-testid={unavailable ? 'unavailable' : 'error-panel'}>
      <h1 className="text-xl font-semibold">{unavailable ? m.unavailableTitle : m.errorTitle}</h1>
      <p className="text-base text-slate-700">{unavailable ? m.unavailableBody : m.errorBody}</p>
      {unavailable && <p className="text-sm text-slate-500">{m.unavailableRetrying.replace('{seconds}', String(left))}</p>}
      <div className="flex gap-2">
        <button type="button" onClick={retry} className="tap flex-1 rounded-xl bg-brand-600 px-4 text-base font-medium text-white">
          {m.retry}
        </button>
        {/* A full navigation: the home page is rendered again by the server. */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a href="/" className="tap inline-flex flex-1 items-center justify-center rounded-xl border border-slate-300 bg-white px-4 text-base">
          {m.backHome}
        </a>
      </div>
    </section>
  );
  if (!framed) return <div className="mx-auto max-w-md p-4">{panel}</div>;
  // Outside any app layout (the error came from a layout): the brand header keeps it ours.
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 p-6">
      <div className="flex items-center gap-3">
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src="/icons/icon-192.png" alt="" width={40} height={40} className="rounded-xl" />
        <p className="text-lg font-semibold text-brand-700">{locale === 'en' ? 'Campus ID Verify' : '校园身份核验'}</p>
      </div>
      {panel}
    </main>
  );
}
