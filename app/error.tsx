'use client';
import { ErrorPanel } from '@/components/errors/error-panel';

/** Errors from a layout below the root (the student, staff, office shells load the session from the database). */
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel error={error} reset={reset} framed />;
}
