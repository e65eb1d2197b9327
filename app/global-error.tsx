'use client';
import './globals.css';
import { StatusPage, statusButton } from '@/components/shell/status-page';

/**
 * The root layout itself failed, so neither the language nor the catalogs are known here: the
 * page speaks both languages, each marked with its own lang (like /offline).
 */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="zh-CN">
      <body className="min-h-dvh">
        <StatusPage
          appName="校园身份核验 · Campus ID Verify"
          mark="核"
          code={error.digest ? `错误编号 / Error reference ${error.digest}` : undefined}
          title="出了点问题 · Something went wrong"
          body="页面暂时无法显示，请稍后重试；问题持续时，请联系学院办公室。This page cannot be shown right now; please try again in a moment, and contact your school office if it keeps happening."
          testId="global-error"
        >
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
          <a href="/" className={`${statusButton} bg-brand-600 text-white`}>
            重试 · Try again
          </a>
        </StatusPage>
      </body>
    </html>
  );
}
