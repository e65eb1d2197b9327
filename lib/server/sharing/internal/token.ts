import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

/**
 * API tokens: `civ_` + 32 random bytes (base64url). Only the SHA-256 is stored — the token has
 * 256 bits of entropy, so a slow password hash would add nothing but latency to every call.
 */
export function mintToken(): { token: string; hash: string; prefix: string } {
  const token = `civ_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token), prefix: token.slice(0, 10) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
