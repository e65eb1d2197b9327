import { decodeProtectedHeader, EncryptJWT } from 'jose';
import { decode as authjsDecode, encode as authjsEncode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { decodeSessionToken, encodeSessionToken } from '@/lib/server/auth/session-token';

const secret = 'c2Vzc2lvbi10b2tlbi10ZXN0LXNlY3JldC0zMi1ieXRlcyE=';
const salt = 'authjs.session-token';
const token = { uid: '0b8f4d55-5d3f-4a53-9a55-8e0e7e0bb1c1', sid: '5a0e8d0c-2f6c-4c1b-8f55-4f1f0f7c1a2b', name: '张三' };

describe('the session cookie (decision 140)', () => {
  it('is an A256GCM JWE in Auth.js’s shape, which Auth.js’s own decode reads', async () => {
    const jwe = await encodeSessionToken({ token, secret, salt, maxAge: 3600 });
    const h = decodeProtectedHeader(jwe);
    expect(h).toMatchObject({ alg: 'dir', enc: 'A256GCM' });
    // Auth.js checks the kid against the thumbprint of the key it derives itself: a match proves
    // the same HKDF derivation.
    const viaAuthjs = await authjsDecode({ token: jwe, secret, salt });
    expect(viaAuthjs).toMatchObject(token);
    expect(viaAuthjs!.exp! - viaAuthjs!.iat!).toBe(3600);
    expect(typeof viaAuthjs!.jti).toBe('string');
  });

  it('reads its own cookies and those Auth.js issued (A256CBC-HS512) before', async () => {
    expect(await decodeSessionToken({ token: await encodeSessionToken({ token, secret, salt }), secret, salt })).toMatchObject(token);
    const old = await authjsEncode({ token, secret, salt, maxAge: 3600 });
    expect(decodeProtectedHeader(old).enc).toBe('A256CBC-HS512');
    expect(await decodeSessionToken({ token: old, secret, salt })).toMatchObject(token);
  });

  it('refuses another secret, another cookie name, a tampered or an expired cookie', async () => {
    const jwe = await encodeSessionToken({ token, secret, salt, maxAge: 3600 });
    await expect(decodeSessionToken({ token: jwe, secret: `${secret}x`, salt })).rejects.toThrow();
    await expect(decodeSessionToken({ token: jwe, secret, salt: `__Secure-${salt}` })).rejects.toThrow();
    const parts = jwe.split('.');
    const ct = parts[3]!;
    parts[3] = (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1);
    await expect(decodeSessionToken({ token: parts.join('.'), secret, salt })).rejects.toThrow();
    // exp 60 s ago is past the 15 s tolerance; 10 s ago is within it.
    const expired = await encodeSessionToken({ token, secret, salt, maxAge: -60 });
    await expect(decodeSessionToken({ token: expired, secret, salt })).rejects.toThrow(/exp/);
    const justNow = await encodeSessionToken({ token, secret, salt, maxAge: -10 });
    expect(await decodeSessionToken({ token: justNow, secret, salt })).toMatchObject(token);
  });

  it('refuses an A256GCM cookie under a key id that is not this secret’s', async () => {
    const jwe = await encodeSessionToken({ token, secret, salt });
    const forged = await new EncryptJWT(token)
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: 'someone-else' })
      .setExpirationTime('1h')
      .encrypt(new Uint8Array(32));
    await expect(decodeSessionToken({ token: forged, secret, salt })).rejects.toThrow(/no matching/);
    // With the secret list (rotation), the cookie of any listed secret is read.
    expect(await decodeSessionToken({ token: jwe, secret: ['another-secret-that-is-long-enough', secret], salt })).toMatchObject(token);
  });

  it('answers null for no cookie and throws for one that is not a JWE', async () => {
    expect(await decodeSessionToken({ token: '', secret, salt })).toBeNull();
    await expect(decodeSessionToken({ token: 'not.a.jwe', secret, salt })).rejects.toThrow();
  });
});
