import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FieldCipher } from '../../lib/server/crypto/field';
import { freshDb, type TestDb } from '../helpers/db';

let t: TestDb;
const cipher = new FieldCipher(new Map([['k1', randomBytes(32)]]), 'k1', randomBytes(32));

beforeAll(async () => {
  t = await freshDb();
  await t.db.query('create table public.secret_probe (id int primary key, value text not null)');
});
afterAll(async () => t?.cleanup());

it('rejects a ciphertext altered in the database', async () => {
  await t.db.query('insert into public.secret_probe values (1, $1), (2, $2)', [
    cipher.encrypt('110101199003071234', 'secret_probe.value:1'),
    cipher.encrypt('440106200001011234', 'secret_probe.value:2'),
  ]);
  const read = async (id: number) => (await t.db.query<{ value: string }>('select value from public.secret_probe where id = $1', [id]))[0]!.value;
  expect(cipher.decrypt(await read(1), 'secret_probe.value:1')).toBe('110101199003071234');

  // One character of the ciphertext part flipped in place, as an attacker with SQL access might.
  await t.db.query(
    `update public.secret_probe set value = overlay(value placing case when substr(split_part(value, '.', 4), 1, 1) = 'A' then 'B' else 'A' end from length(split_part(value, '.', 1) || split_part(value, '.', 2) || split_part(value, '.', 3)) + 4 for 1) where id = 1`,
  );
  await expect(read(1).then((v) => cipher.decrypt(v, 'secret_probe.value:1'))).rejects.toMatchObject({ code: 'tampered' });

  // A valid ciphertext moved to another row does not decrypt there either.
  await t.db.query('update public.secret_probe set value = (select value from public.secret_probe where id = 2) where id = 1');
  await expect(read(1).then((v) => cipher.decrypt(v, 'secret_probe.value:1'))).rejects.toMatchObject({ code: 'tampered' });
  expect(cipher.decrypt(await read(2), 'secret_probe.value:2')).toBe('440106200001011234');
});
