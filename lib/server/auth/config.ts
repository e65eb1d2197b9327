import 'server-only';
import NextAuth, { type NextAuthConfig } from 'next-auth';
import { headers } from 'next/headers';
import { getEnv } from '../env';
import { completeClaims } from './claims';
import { provisionUser } from './provision';

declare module 'next-auth' {
  interface Session {
    user: { id: string; name?: string | null; email?: string | null };
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
    session: { strategy: 'jwt', maxAge: env.sessionMaxAge, updateAge: 15 * 60 },
    pages: { signIn: '/signin', error: '/signin' },
    providers: [
      {
        id: 'campus',
        name: campus.name,
        type: 'oidc',
        issuer: campus.issuer,
        clientId: campus.clientId,
        clientSecret: campus.clientSecret,
        checks: ['pkce', 'state', 'nonce'],
        // The development provider always shows its account picker, so one can switch accounts
        // after signing out; the campus SSO keeps its own session behaviour.
        authorization: { params: { scope: campus.scope, ...(campus.isDevProvider ? { prompt: 'login' } : {}) } },
        profile(p) {
          return { id: String(p.sub), name: (p[campus.claims.name] as string | undefined) ?? null, email: (p.email as string | undefined) ?? null };
        },
      },
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (!account || account.provider !== 'campus' || !profile?.sub) return false;
        const claims = await completeClaims(campus.issuer, profile as Record<string, unknown>, account.access_token, campus.claims);
        const result = await provisionUser(
          { issuer: campus.issuer, subject: claims.sub, name: claims.name, email: claims.email, affiliation: claims.affiliation, studentNumber: claims.studentNumber },
          await requestMeta(),
        );
        if (result.disabled) return '/signin?error=AccountDisabled';
        // From here on the session carries our own user id, not the IdP's subject.
        user.id = result.userId;
        user.name = claims.name;
        return true;
      },
      jwt({ token, user }) {
        if (user?.id) {
          token.uid = user.id;
          token.name = user.name;
        }
        return token;
      },
      session({ session, token }) {
        session.user = { ...session.user, id: String(token.uid ?? ''), name: token.name ?? null };
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());
