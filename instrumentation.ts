/** Validates the environment when the Next.js server starts, even when started without the launcher. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getEnv } = await import('./lib/server/env');
    getEnv();
  }
}
