import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'bare' };

/**
 * The floor for `npm run audit:lighthouse`: the same Next.js, root layout and CSS as every page,
 * with nothing of its own. Not linked from anywhere; no data, no session.
 */
export default function BarePage() {
  return (
    <main className="p-4">
      <h1 className="text-xl font-semibold">bare</h1>
    </main>
  );
}
