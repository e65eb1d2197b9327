/**
 * Starts the app: validates the environment first (a readable list of what is missing or
 * malformed, then exit 1), starts the local development OpenID provider when no campus issuer is
 * configured, then runs Next.js. Used by `npm run dev` and `npm start`.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { startDevOidc, type DevOidc } from '../lib/dev-oidc/provider';
import { DEV_OIDC_CLIENT_ID, EnvError, parseEnv, type Env } from '../lib/server/env';

export async function launch(mode: 'dev' | 'start'): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  // Next.js rewrites 127.0.0.1 to localhost; the callback registered at the provider must match.
  process.env.AUTH_URL ??= `http://localhost:${port}`;
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  let env: Env;
  try {
    env = parseEnv(process.env);
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(`\n${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }

  let oidc: DevOidc | undefined;
  if (env.campus?.isDevProvider) {
    oidc = await startDevOidc({
      port: env.devOidcPort,
      clientId: DEV_OIDC_CLIENT_ID,
      clientSecret: env.campus.clientSecret,
      redirectUris: [`${env.appUrl}/api/auth/callback/campus`],
    });
    console.log(`Development OpenID provider: ${oidc.issuer} (demo accounts; set AUTH_CAMPUS_ISSUER to use the campus SSO)`);
  }
  if (env.embedded) console.log(`Embedded database (PGlite) and storage under ${env.dataDir}`);

  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  // Loopback unless told otherwise: a development machine should not serve demo accounts to the
  // network. A deployment behind a reverse proxy sets HOST=0.0.0.0.
  const host = process.env.HOST || 'localhost';
  const child = spawn(process.execPath, [nextBin, mode, '-p', String(port), '-H', host], { stdio: 'inherit', env: process.env });
  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', async (code, signal) => {
    await oidc?.close();
    process.exit(code ?? (signal ? 0 : 1));
  });
}
