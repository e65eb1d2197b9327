/**
 * The local development OpenID provider: a real oidc-provider instance on loopback with the demo
 * accounts, so the app's real OIDC sign-in code runs on every machine (dev, tests, CI) without a
 * campus identity server. Never used when AUTH_CAMPUS_ISSUER is set.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { devAccounts, type DemoAccount } from './accounts';
import { DEV_OIDC_ICON, escapeHtml, renderPicker } from './picker';

export interface DevOidcOptions {
  port: number;
  host?: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** claim names, so a test can stand in for a campus IdP that names them differently */
  claimNames?: { studentNumber?: string; affiliation?: string; name?: string };
  /** false puts profile claims into the ID token; true (the spec default) leaves them to userinfo */
  conformIdTokenClaims?: boolean;
  /**
   * false makes userinfo answer with the subject only, so profile claims can come from the ID
   * token alone. (The endpoint itself stays: Auth.js refuses providers that publish none.)
   */
  userinfoClaims?: boolean;
  accounts?: readonly DemoAccount[];
  title?: string;
}

export interface DevOidc {
  issuer: string;
  close(): Promise<void>;
}

export async function startDevOidc(opts: DevOidcOptions): Promise<DevOidc> {
  const host = opts.host ?? 'localhost';
  // Listen first: with port 0 the issuer URL is only known once the OS picked a port.
  let handle: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host === 'localhost' ? '127.0.0.1' : host, () => resolve());
  });
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`;
  const accounts = opts.accounts ?? devAccounts();
  const names = {
    studentNumber: opts.claimNames?.studentNumber ?? 'student_number',
    affiliation: opts.claimNames?.affiliation ?? 'affiliation',
    name: opts.claimNames?.name ?? 'name',
  };
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'dev-' + randomBytes(4).toString('hex'), use: 'sig', alg: 'RS256' };

  const config: Configuration = {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: opts.redirectUris,
        post_logout_redirect_uris: opts.postLogoutRedirectUris ?? [],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk as never] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    conformIdTokenClaims: opts.conformIdTokenClaims ?? true,
    claims: {
      openid: ['sub'],
      profile: [...new Set([names.name, names.studentNumber, names.affiliation])],
      email: ['email', 'email_verified'],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const a = accounts.find((x) => x.sub === sub);
      if (!a) return undefined;
      return {
        accountId: a.sub,
        async claims(use: string) {
          if (use === 'userinfo' && opts.userinfoClaims === false) return { sub: a.sub };
          const c: Record<string, unknown> = { sub: a.sub, email: a.email, email_verified: true };
          c[names.name] = a.name;
          c[names.affiliation] = a.affiliation;
          if (a.studentNumber) c[names.studentNumber] = a.studentNumber;
          return c as { sub: string };
        },
      };
    },
    // First-party client of a local tool: consent is implied, as it would be for campus SSO.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId || oidc.session!.grantIdFor(oidc.client!.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session!.accountId! });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!doctype html><meta charset="utf-8"><title>OIDC error</title><pre>${escapeHtml(JSON.stringify(out, null, 2))}</pre>`;
    },
  };

  const provider = new Provider(issuer, config);
  const callback = provider.callback();

  handle = async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    // Browsers ask every page's origin for an icon; without one, each sign-in logged a 404.
    if (url.pathname === '/favicon.ico' || url.pathname === '/favicon.svg') {
      res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' });
      return res.end(DEV_OIDC_ICON);
    }
    const m = /^\/interaction\/([A-Za-z0-9_-]+)(\/login|\/abort)?$/.exec(url.pathname);
    if (!m) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (m[2] === '/abort') {
        return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'sign-in cancelled' }, { mergeWithLastSubmission: false });
      }
      if (m[2] === '/login' && req.method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        const account = accounts.find((a) => a.sub === form.get('account'));
        if (!account) {
          res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
          return res.end('unknown account');
        }
        return provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
      }
      if (details.prompt.name === 'consent') {
        // loadExistingGrant has created the grant; nothing to ask.
        return provider.interactionFinished(req, res, { consent: {} }, { mergeWithLastSubmission: true });
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(renderPicker({ uid: details.uid, accounts, title: opts.title }));
    } catch (e) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`This sign-in link has expired. Go back to the app and sign in again.\n登录链接已过期，请返回应用重新登录。\n(${(e as Error).name})`);
    }
  };

  return {
    issuer,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
      if (body.length > 10_000) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
