'use client';
import { ErrorPanel } from '@/components/errors/error-panel';

/** Inside this area's shell: a page whose data could not be loaded (decision 122). */
export default function AreaError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel error={error} reset={reset} />;
}
