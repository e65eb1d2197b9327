import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevOidc, type DevOidc } from '../../lib/dev-oidc/provider';
import { completeClaims } from '../../lib/server/auth/claims';

/**
 * Drives a real authorization-code flow (PKCE, state, nonce) against the development provider
 * over HTTP, as a browser would, and checks that the app's claim handling gets the student number
 * whether the provider puts it in the ID token or only at userinfo.
 */
const REDIRECT = 'http://localhost:39999/api/auth/callback/campus';

async function signInAs(issuer: string, clientId: string, secret: string, account: string) {
  const config = await oidc.discovery(new URL(issuer), clientId, secret, undefined, { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  let url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: 'openid profile email',
    state,
    nonce,
    prompt: 'login',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).href;
  const jar = new Map<string, string>();
  let pickerHtml = '';
  for (let hop = 0; hop < 12 && !url.startsWith(REDIRECT); hop++) {
    const isPicker = /\/interaction\/[^/]+$/.test(new URL(url).pathname);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let res = await fetch(url, { redirect: 'manual', headers: { cookie } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    if (isPicker && res.status === 200) {
      pickerHtml = await res.text();
      res = await fetch(`${url}/login`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ account }),
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair!.indexOf('=');
        jar.set(pair!.slice(0, i), pair!.slice(i + 1));
      }
    }
    const loc = res.headers.get('location');
    if (!loc) throw new Error(`hop ${hop}: ${res.status} without location at ${url}`);
    url = new URL(loc, url).href;
  }
  const tokens = await oidc.authorizationCodeGrant(config, new URL(url), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  return { tokens, claims: tokens.claims()!, pickerHtml };
}

let standard: DevOidc;
let alt: DevOidc;

beforeAll(async () => {
  standard = await startDevOidc({ port: 0, clientId: 'app', clientSecret: 'app-secret', redirectUris: [REDIRECT] });
  alt = await startDevOidc({
    port: 0,
    clientId: 'alt',
    clientSecret: 'alt-secret',
    redirectUris: [REDIRECT],
    conformIdTokenClaims: false,
    userinfoClaims: false,
    claimNames: { studentNumber: 'stuno', affiliation: 'eduPersonAffiliation', name: 'cn' },
  });
});
afterAll(async () => {
  await standard?.close();
  await alt?.close();
});

describe('development OpenID provider and claim mapping', () => {
  it('shows the account picker and completes a PKCE code flow; claims kept out of the ID token come from userinfo', async () => {
    const { tokens, claims, pickerHtml } = await signInAs(standard.issuer, 'app', 'app-secret', 'stu-zhang');
    expect(pickerHtml).toContain('张明');
    expect(pickerHtml).toContain('data-account="rev-cs"');
    expect(claims.sub).toBe('stu-zhang');
    expect(claims.student_number).toBeUndefined();
    const picked = await completeClaims(standard.issuer, claims as Record<string, unknown>, tokens.access_token, {
      studentNumber: 'student_number',
      affiliation: 'affiliation',
      name: 'name',
    });
    expect(picked).toEqual({ sub: 'stu-zhang', name: '张明', email: 'zhangming@stu.example.edu.cn', affiliation: 'student', studentNumber: '2025010001' });
  });

  it('reads differently named claims straight from the ID token of another provider', async () => {
    const { claims, tokens } = await signInAs(alt.issuer, 'alt', 'alt-secret', 'stu-li');
    expect(claims.stuno).toBe('2024020002');
    const info = await fetch(`${alt.issuer}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } }).then((r) => r.json());
    expect(info).toEqual({ sub: 'stu-li' });
    const picked = await completeClaims(alt.issuer, claims as Record<string, unknown>, undefined, {
      studentNumber: 'stuno',
      affiliation: 'eduPersonAffiliation',
      name: 'cn',
    });
    expect(picked).toMatchObject({ sub: 'stu-li', name: '李娜', affiliation: 'student', studentNumber: '2024020002' });
  });

  it('serves its own icon, linked from the picker (no favicon 404 in any sign-in)', async () => {
    const { pickerHtml } = await signInAs(standard.issuer, 'app', 'app-secret', 'stu-zhang');
    expect(pickerHtml).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
    const origin = new URL(standard.issuer).origin;
    for (const path of ['/favicon.svg', '/favicon.ico']) {
      const res = await fetch(`${origin}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      expect(await res.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    }
  });

  it('refuses a client secret it does not know', async () => {
    await expect(signInAs(standard.issuer, 'app', 'wrong-secret', 'stu-zhang')).rejects.toMatchObject({ error: 'invalid_client' });
  });
});
