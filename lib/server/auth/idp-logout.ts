import 'server-only';
import { getEnv } from '../env';
import { casLogoutUrl } from './cas';

/**
 * Where to send the browser after the app's own session has ended, so the campus session ends
 * too: CAS `/logout?service=…`; OpenID Connect RP-initiated logout at the provider's
 * `end_session_endpoint` when its discovery document offers one. The development provider is
 * skipped: it keeps no campus session worth ending and always asks for an account (prompt=login).
 */
export async function idpLogoutUrl(session: { provider?: 'campus' | 'cas'; idToken?: string } | null): Promise<string> {
  const env = getEnv();
  const back = `${env.appUrl}/signin`;
  if (session?.provider === 'cas' && env.cas) return casLogoutUrl(env.cas, back);
  if (session?.provider === 'campus' && env.campus && !env.campus.isDevProvider) {
    const endpoint = await endSessionEndpoint(env.campus.issuer);
    if (endpoint) {
      const u = new URL(endpoint);
      if (session.idToken) u.searchParams.set('id_token_hint', session.idToken);
      u.searchParams.set('client_id', env.campus.clientId);
      u.searchParams.set('post_logout_redirect_uri', back);
      return u.toString();
    }
  }
  return '/signin';
}

/** The provider's end_session_endpoint from its discovery document, or null if it offers none. */
export async function endSessionEndpoint(issuer: string): Promise<string | null> {
  try {
    const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) return null;
    const doc = (await res.json()) as { end_session_endpoint?: unknown };
    return typeof doc.end_session_endpoint === 'string' && /^https?:\/\//.test(doc.end_session_endpoint) ? doc.end_session_endpoint : null;
  } catch (e) {
    // The app's session is already over; an unreachable IdP only means its own session stays.
    console.warn('OIDC discovery for logout failed', (e as Error).message);
    return null;
  }
}
