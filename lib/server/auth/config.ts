import 'server-only';
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { headers } from 'next/headers';
import { getEnv } from '../env';
import { CasSignInError, signInWithTicket } from './cas-sign-in';
import { completeClaims } from './claims';
import { provisionUser } from './provision';
import { decodeSessionToken, encodeSessionToken } from './session-token';

declare module 'next-auth' {
  interface Session {
    user: { id: string; name?: string | null; email?: string | null };
    /** The server-side session row (auth_sessions.id) this cookie stands for. */
    sid?: string;
    /** OIDC: the ID token, for RP-initiated logout at the campus IdP. */
    idToken?: string;
    provider?: 'campus' | 'cas';
  }
  interface User {
    sid?: string;
  }
}

/** A refused CAS ticket, as Auth.js reports it: `code` names the sign-in page's message. */
class CasTicketRefused extends CredentialsSignin {
  constructor(reason: string) {
    super(reason);
    this.code = reason;
  }
}

async function requestMeta(): Promise<{ ip: string | null; userAgent: string | null }> {
  const h = await headers();
  return { ip: h.get('x-forwarded-for')?.split(',')[0]?.trim() ?? h.get('x-real-ip'), userAgent: h.get('user-agent') };
}

function buildConfig(): NextAuthConfig {
  const env = getEnv();
  const { campus } = env;
  return {
    secret: env.authSecret,
    trustHost: true,
    // __Secure- prefixed cookies with the Secure flag whenever AUTH_URL is https (behind a TLS
    // proxy the request itself may arrive over http, so the request's scheme is not the signal).
    useSecureCookies: env.http.secure,
    session: { strategy: 'jwt', maxAge: env.sessionMaxAge, updateAge: 15 * 60 },
    // The cookie's JWE with A256GCM and a key derived once per process (decision 140).
    jwt: { encode: encodeSessionToken, decode: decodeSessionToken },
    pages: { signIn: '/signin', error: '/signin' },
    providers: [
      ...(campus
        ? [
            {
              id: 'campus',
              name: campus.name,
              type: 'oidc' as const,
              issuer: campus.issuer,
              clientId: campus.clientId,
              clientSecret: campus.clientSecret,
              checks: ['pkce' as const, 'state' as const, 'nonce' as const],
              // The development provider always shows its account picker, so one can switch accounts
              // after signing out; the campus SSO keeps its own session behaviour.
              authorization: { params: { scope: campus.scope, ...(campus.isDevProvider ? { prompt: 'login' } : {}) } },
              profile(p: Record<string, unknown>) {
                return { id: String(p.sub), name: (p[campus.claims.name] as string | undefined) ?? null, email: (p.email as string | undefined) ?? null };
              },
            },
          ]
        : []),
      ...(env.cas
        ? [
            // CAS (统一身份认证): /api/auth/cas/callback receives the service ticket and hands it
            // here; authorize validates it with the CAS server and provisions the account.
            Credentials({
              id: 'cas',
              name: env.cas.name,
              credentials: { ticket: {} },
              async authorize(credentials) {
                const ticket = typeof credentials?.ticket === 'string' ? credentials.ticket : '';
                try {
                  const r = await signInWithTicket(ticket, await requestMeta());
                  return { id: r.userId, name: r.name, sid: r.sid };
                } catch (e) {
                  if (e instanceof CasSignInError) throw new CasTicketRefused(e.reason);
                  throw e;
                }
              },
            }),
          ]
        : []),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        // CAS: authorize already validated the ticket, provisioned and opened the session.
        if (account?.provider === 'cas') return Boolean(user.id && user.sid);
        if (!campus || !account || account.provider !== 'campus' || !profile?.sub) return false;
        const claims = await completeClaims(campus.issuer, profile as Record<string, unknown>, account.access_token, campus.claims);
        const result = await provisionUser(
          {
            issuer: campus.issuer,
            subject: claims.sub,
            name: claims.name,
            email: claims.email,
            affiliation: claims.affiliation,
            studentNumber: claims.studentNumber,
          },
          await requestMeta(),
        );
        if (result.disabled || !result.sessionId) return '/signin?error=AccountDisabled';
        // From here on the session carries our own user id, not the IdP's subject.
        user.id = result.userId;
        user.name = claims.name;
        user.sid = result.sessionId;
        return true;
      },
      jwt({ token, user, account }) {
        if (user?.id) {
          token.uid = user.id;
          token.name = user.name;
          token.sid = user.sid;
          token.provider = account?.provider === 'cas' ? 'cas' : 'campus';
          if (account?.provider === 'campus' && account.id_token) token.idToken = account.id_token;
        }
        return token;
      },
      session({ session, token }) {
        session.user = { ...session.user, id: String(token.uid ?? ''), name: token.name ?? null };
        session.sid = typeof token.sid === 'string' ? token.sid : undefined;
        session.provider = token.provider === 'cas' ? 'cas' : 'campus';
        session.idToken = typeof token.idToken === 'string' ? token.idToken : undefined;
        return session;
      },
    },
  };
}

// Built on first use (the environment is read at run time, not at build time) and then kept: the
// configuration depends only on the environment, which does not change while the process runs.
let config: NextAuthConfig | undefined;
export const { handlers, auth, signIn, signOut } = NextAuth(() => (config ??= buildConfig()));
