import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maskIdentifier, maskPhone } from '../../lib/identity/mask';
import { FieldCipher } from '../../lib/server/crypto/field';
import { AppError } from '../../lib/server/errors';

const K1 = Buffer.alloc(32, 1);
const K2 = Buffer.alloc(32, 2);
const BLIND = Buffer.alloc(32, 9);
const AAD = 'identity_versions.id_number:3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
const OTHER_AAD = 'identity_versions.id_number:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const ID = '110101199003071234';

const cipherWith = (keys: Record<string, Buffer>, active: string, blind = BLIND) => new FieldCipher(new Map(Object.entries(keys)), active, blind);

const expectTampered = (fn: () => unknown) => {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'expected decrypt to throw').toBeInstanceOf(AppError);
  expect((thrown as AppError).code).toBe('tampered');
};

/** Replace the character at i with another base64url character, so the text stays well-formed. */
const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
/** Replace part `index` (0 = "v1", 1 = key id, 2 = iv, 3 = ciphertext, 4 = tag) of a token. */
const withPart = (token: string, index: number, change: (part: string) => string) =>
  token
    .split('.')
    .map((p, i) => (i === index ? change(p) : p))
    .join('.');

describe('FieldCipher encrypt/decrypt', () => {
  const c = cipherWith({ k1: K1 }, 'k1');

  it('round-trips a value, including non-ASCII text', () => {
    expect(c.decrypt(c.encrypt(ID, AAD), AAD)).toBe(ID);
    expect(c.decrypt(c.encrypt('张三·阿不都热合曼', AAD), AAD)).toBe('张三·阿不都热合曼');
    expect(c.decrypt(c.encrypt('', AAD), AAD)).toBe('');
  });

  it('writes v1.<kid>.<iv>.<ciphertext>.<tag> in base64url without the plaintext', () => {
    const token = c.encrypt(ID, AAD);
    expect(token).toMatch(/^v1\.k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const [, , iv, ct, tag] = token.split('.') as [string, string, string, string, string];
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(ct, 'base64url')).toHaveLength(Buffer.byteLength(ID));
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(token).not.toContain(ID);
    expect(token).not.toContain(Buffer.from(ID).toString('base64url'));
  });

  it('uses a fresh IV each time, so equal values give different ciphertexts', () => {
    const a = c.encrypt(ID, AAD);
    const b = c.encrypt(ID, AAD);
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    expect(c.decrypt(a, AAD)).toBe(ID);
    expect(c.decrypt(b, AAD)).toBe(ID);
  });

  it('never hands out an IV twice, across several refills of its pool of 1,024, and every token opens', () => {
    const tokens = Array.from({ length: 5000 }, () => c.encrypt(ID, AAD));
    const ivs = tokens.map((t) => t.split('.')[2]!);
    expect(new Set(ivs).size).toBe(tokens.length);
    expect(ivs.every((iv) => Buffer.from(iv, 'base64url').length === 12)).toBe(true);
    expect(tokens.every((t) => c.decrypt(t, AAD) === ID)).toBe(true);
  });
});

describe('FieldCipher rejects tampering with AppError("tampered")', () => {
  const c = cipherWith({ k1: K1 }, 'k1');
  const token = c.encrypt(ID, AAD);

  it('accepts the untouched token (control)', () => {
    expect(c.decrypt(token, AAD)).toBe(ID);
  });

  it('a changed character in the ciphertext part', () => {
    const bad = withPart(token, 3, (p) => flip(p, 0));
    expect(bad).not.toBe(token);
    expectTampered(() => c.decrypt(bad, AAD));
  });

  it('a changed character in the tag', () => {
    const bad = withPart(token, 4, (p) => flip(p, 0));
    expect(bad).not.toBe(token);
    expectTampered(() => c.decrypt(bad, AAD));
  });

  it('a changed character in the IV', () => {
    const bad = withPart(token, 2, (p) => flip(p, 0));
    expect(bad).not.toBe(token);
    expectTampered(() => c.decrypt(bad, AAD));
  });

  it('a truncated token, a missing tag, an empty ciphertext, a wrong version', () => {
    expectTampered(() => c.decrypt(token.slice(0, token.lastIndexOf('.')), AAD));
    expectTampered(() =>
      c.decrypt(
        withPart(token, 4, () => ''),
        AAD,
      ),
    );
    expectTampered(() =>
      c.decrypt(
        withPart(token, 4, (p) => p.slice(0, 3)),
        AAD,
      ),
    );
    expectTampered(() =>
      c.decrypt(
        withPart(token, 3, () => ''),
        AAD,
      ),
    );
    expectTampered(() =>
      c.decrypt(
        withPart(token, 0, () => 'v2'),
        AAD,
      ),
    );
    expectTampered(() => c.decrypt('', AAD));
    expectTampered(() => c.decrypt(`${token}.extra`, AAD));
  });

  // Without { authTagLength: 16 } Node accepts GCM tags of 4..16 bytes, so a tag cut to 4 bytes
  // would still authenticate (forgery odds 2^-32 instead of 2^-128).
  it('a tag truncated to 12, 8 or 4 bytes', () => {
    for (const bytes of [12, 8, 4]) {
      const short = withPart(token, 4, (p) => Buffer.from(p, 'base64url').subarray(0, bytes).toString('base64url'));
      expectTampered(() => c.decrypt(short, AAD));
    }
  });

  it('a key id the cipher does not know', () => {
    expectTampered(() =>
      c.decrypt(
        withPart(token, 1, () => 'k9'),
        AAD,
      ),
    );
  });

  it('a value copied into another row (different AAD)', () => {
    expectTampered(() => c.decrypt(token, OTHER_AAD));
    expectTampered(() => c.decrypt(token, 'identity_versions.name:3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b'));
  });

  it('a value encrypted under a different key with the same id', () => {
    const impostor = cipherWith({ k1: randomBytes(32) }, 'k1');
    expectTampered(() => c.decrypt(impostor.encrypt(ID, AAD), AAD));
  });
});

describe('FieldCipher key rotation', () => {
  const old = cipherWith({ k1: K1 }, 'k1');
  const rotated = cipherWith({ k1: K1, k2: K2 }, 'k2');
  const written = old.encrypt(ID, AAD);

  it('reads values written under the previous key', () => {
    expect(rotated.decrypt(written, AAD)).toBe(ID);
  });

  it('writes new values with the active key', () => {
    const fresh = rotated.encrypt(ID, AAD);
    expect(fresh.split('.')[1]).toBe('k2');
    expect(rotated.decrypt(fresh, AAD)).toBe(ID);
    // The old-only cipher cannot read k2 values.
    expectTampered(() => old.decrypt(fresh, AAD));
  });

  it('flags old-key values for re-encryption and not active-key values', () => {
    expect(rotated.needsReencryption(written)).toBe(true);
    expect(rotated.needsReencryption(rotated.encrypt(ID, AAD))).toBe(false);
    expect(old.needsReencryption(written)).toBe(false);
  });

  it('a cipher that no longer has k1 rejects k1 values', () => {
    const retired = cipherWith({ k2: K2 }, 'k2');
    expectTampered(() => retired.decrypt(written, AAD));
  });
});

describe('FieldCipher constructor', () => {
  it('rejects an active key id that is not among the keys', () => {
    expect(() => cipherWith({ k1: K1 }, 'k2')).toThrow(/active key k2/);
    expect(() => cipherWith({}, 'k1')).toThrow(/active key k1/);
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => cipherWith({ k1: Buffer.alloc(16, 1) }, 'k1')).toThrow(/key k1 must be 32 bytes/);
    expect(() => cipherWith({ k1: K1, k0: Buffer.alloc(33, 1) }, 'k1')).toThrow(/key k0 must be 32 bytes/);
    expect(() => cipherWith({ k1: K1 }, 'k1', Buffer.alloc(31, 1))).toThrow(/blind index key must be 32 bytes/);
  });
});

describe('FieldCipher.blindIndex', () => {
  const c = cipherWith({ k1: K1 }, 'k1');

  it('is deterministic 64-char lower-case hex', () => {
    const a = c.blindIndex(ID, 'id_number');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(c.blindIndex(ID, 'id_number')).toBe(a);
    // Independent of the encryption keys: a rotated cipher with the same blind key agrees.
    expect(cipherWith({ k1: K1, k2: K2 }, 'k2').blindIndex(ID, 'id_number')).toBe(a);
  });

  it('differs per value, per domain and per blind-index key', () => {
    const a = c.blindIndex(ID, 'id_number');
    expect(c.blindIndex('110101199003071235', 'id_number')).not.toBe(a);
    expect(c.blindIndex(ID, 'phone')).not.toBe(a);
    expect(cipherWith({ k1: K1 }, 'k1', Buffer.alloc(32, 8)).blindIndex(ID, 'id_number')).not.toBe(a);
  });

  it('separates domain from value (no "ab"+"c" = "a"+"bc" collision)', () => {
    expect(c.blindIndex('c', 'ab')).not.toBe(c.blindIndex('bc', 'a'));
  });
});

describe('masking', () => {
  it('keeps the first and last 4 characters of an 18-character ID number', () => {
    expect(maskIdentifier('110101199003071234')).toBe('1101**********1234');
    expect(maskIdentifier('11010119900307123X')).toBe('1101**********123X');
    expect(maskIdentifier('  110101199003071234 ')).toBe('1101**********1234');
  });

  it('masks short values without revealing most of them', () => {
    expect(maskIdentifier('')).toBe('');
    expect(maskIdentifier('123')).toBe('***');
    expect(maskIdentifier('1234')).toBe('****');
    expect(maskIdentifier('12345')).toBe('1***5');
    expect(maskIdentifier('12345678')).toBe('12****78');
    expect(maskIdentifier('A1234567')).toBe('A1****67');
    expect(maskIdentifier('123456789012')).toBe('1234****9012');
  });

  it('masks a mobile number as 3 + **** + 4', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138 1234 5678')).toBe('138****5678');
  });
});
