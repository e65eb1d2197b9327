import 'server-only';
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors';

/**
 * Object keys are minted here and nowhere else. They are never taken from user input: a key a
 * student could choose or guess (their own id plus a counter, a file name, "../") would let one
 * student read or overwrite another's ID photo through a signed URL or the local path mapping.
 * Each key ends in 128 random bits, and `isValidObjectKey` accepts exactly this shape, so a
 * key that did not come from `newObjectKey` is refused before it reaches disk or Supabase.
 */
export const OBJECT_KINDS = ['id-photo', 'evidence', 'import', 'export'] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// 16 random bytes in base64url are exactly 22 characters from [A-Za-z0-9_-]; no dots, no slashes.
const KEY = /^(?:id-photo|evidence|import|export)\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[A-Za-z0-9_-]{22}$/;

export function newObjectKey(kind: ObjectKind, ownerId: string): string {
  if (!(OBJECT_KINDS as readonly string[]).includes(kind)) {
    throw new AppError('invalid_input', { message: `unknown object kind ${String(kind)}` });
  }
  const owner = typeof ownerId === 'string' ? ownerId.toLowerCase() : '';
  if (!UUID.test(owner)) throw new AppError('invalid_input', { message: 'ownerId must be a uuid' });
  return `${kind}/${owner}/${randomBytes(16).toString('base64url')}`;
}

export function isValidObjectKey(key: unknown): key is string {
  return typeof key === 'string' && KEY.test(key);
}

export function assertValidObjectKey(key: unknown): asserts key is string {
  if (!isValidObjectKey(key)) throw new AppError('invalid_input', { message: 'invalid object key' });
}

/** The owner segment of a valid key, for authorisation checks that compare it to the viewer. */
export function objectKeyOwner(key: string): string {
  assertValidObjectKey(key);
  return key.split('/')[1]!;
}
