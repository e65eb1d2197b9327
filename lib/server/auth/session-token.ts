import 'server-only';
import { hkdfSync, webcrypto } from 'node:crypto';
import { decode as authjsDecode } from 'next-auth/jwt';
import { EncryptJWT, base64url, calculateJwkThumbprint, decodeProtectedHeader, jwtDecrypt, type JWTPayload } from 'jose';

/**
 * The session cookie's JWE (decision 140): Auth.js's format — `dir` key management, the key
 * derived from AUTH_SECRET by HKDF-SHA-256 with the cookie name as salt and Auth.js's info string,
 * the key's JWK thumbprint as `kid`, iat/exp/jti — with A256GCM content encryption instead of
 * Auth.js's A256CBC-HS512. Auth.js's own `decode` accepts A256GCM (it lists it beside its default),
 * so either side reads the other's cookies.
 *
 * Why: every request that needs to know who is asking decrypts the cookie. Auth.js derives the
 * key again on each call (HKDF, then a SHA-256 thumbprint) and A256CBC-HS512 in jose is five
 * WebCrypto jobs (two key imports, the HMAC tag, a fresh HMAC key and two more HMACs for the
 * constant-time comparison) before the AES decryption — about 0.75 ms of CPU per request here.
 * With the key derived once per process and imported once as a CryptoKey, A256GCM is one
 * WebCrypto job: about 0.1 ms. The derived key depends only on the secret and the cookie name, so
 * it is the same on every app instance; nothing about sessions is kept in memory.
 */
type Secret = string | string[];

interface DerivedKey {
  key: webcrypto.CryptoKey;
  kid: string;
}

const ENC = 'A256GCM';
const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60; // Auth.js's default

const derived = new Map<string, Promise<DerivedKey>>();

/** The key Auth.js's getDerivedEncryptionKey gives for A256GCM (32 bytes), with its thumbprint. */
function derivedKey(secret: string, salt: string): Promise<DerivedKey> {
  const cacheKey = `${salt}\u0000${secret}`;
  let d = derived.get(cacheKey);
  if (!d) {
    d = (async () => {
      const bytes = new Uint8Array(hkdfSync('sha256', secret, salt, `Auth.js Generated Encryption Key (${salt})`, 32));
      const kid = await calculateJwkThumbprint({ kty: 'oct', k: base64url.encode(bytes) }, 'sha256');
      const key = await webcrypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
      return { key, kid };
    })();
    // A failed derivation is not kept: the next call tries again.
    d.catch(() => derived.delete(cacheKey));
    derived.set(cacheKey, d);
  }
  return d;
}

const secretsOf = (s: Secret): string[] => (Array.isArray(s) ? s : [s]);

/** Auth.js's `jwt.encode` for this app: the token as an A256GCM JWE under the first secret. */
export async function encodeSessionToken(params: { token?: Record<string, unknown>; secret: Secret; salt: string; maxAge?: number }): Promise<string> {
  const { token = {}, secret, salt, maxAge = DEFAULT_MAX_AGE } = params;
  const first = secretsOf(secret)[0];
  if (!first) throw new Error('encodeSessionToken: no secret');
  const { key, kid } = await derivedKey(first, salt);
  const now = Math.floor(Date.now() / 1000);
  return new EncryptJWT(token as JWTPayload)
    .setProtectedHeader({ alg: 'dir', enc: ENC, kid })
    .setIssuedAt(now)
    .setExpirationTime(now + maxAge)
    .setJti(crypto.randomUUID())
    .encrypt(key);
}

/**
 * Auth.js's `jwt.decode` for this app, and what readSession uses: the payload of a valid,
 * unexpired cookie (15 s clock tolerance, as Auth.js), or a thrown error. A256GCM cookies are
 * decrypted with the cached key; anything else (A256CBC-HS512 cookies Auth.js issued before this
 * format) goes to Auth.js's own decode.
 */
export async function decodeSessionToken(params: { token?: string; secret: Secret; salt: string }): Promise<JWTPayload | null> {
  const { token, secret, salt } = params;
  if (!token) return null;
  const header = decodeProtectedHeader(token);
  if (header.alg !== 'dir' || header.enc !== ENC) return authjsDecode({ token, secret, salt });
  for (const s of secretsOf(secret)) {
    const { key, kid } = await derivedKey(s, salt);
    if (header.kid !== undefined && header.kid !== kid) continue;
    const { payload } = await jwtDecrypt(token, key, { clockTolerance: 15, keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: [ENC] });
    return payload;
  }
  throw new Error('no matching decryption secret');
}
