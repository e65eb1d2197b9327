'use client';
import { ErrorPanel } from '@/components/errors/error-panel';
import './globals.css';

/** The root layout itself failed: the document is rendered here, still branded and localized. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="zh-CN">
      <body className="min-h-dvh">
        <ErrorPanel error={error} reset={reset} framed />
      </body>
    </html>
  );
}
