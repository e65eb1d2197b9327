import { getCipher } from '../../lib/server/crypto';
import { insertVerifiedStudent, seedActor } from '../../lib/server/db/seed-sharing';
import type { Database } from '../../lib/server/db/types';
import { makeIdNumber, makeStudent } from '../factories';

/** An office with a grant, written as the admin pages do (but on the owner connection). */
export async function makeOfficeWithGrant(db: Database, fields: string[], idNumberFull = false) {
  const code = `office_${Math.random().toString(36).slice(2, 8)}`;
  const [o] = await db.query<{ id: string }>(`insert into public.offices (code, name_zh, name_en) values ($1, '测试处', 'Test Office') returning id`, [code]);
  await db.query('insert into public.office_grants (office_id, fields, id_number_full) values ($1, $2, $3)', [o!.id, fields, idNumberFull]);
  return { id: o!.id, code };
}

/** A roster student with a verified identity record. */
export async function makeVerifiedStudent(db: Database, departmentId: string, opts: { name?: string; cohort?: number; phone?: string } = {}) {
  const s = await makeStudent(db, departmentId, { cohort: opts.cohort });
  const idNumber = makeIdNumber();
  const by = await seedActor(db);
  const r = await insertVerifiedStudent(db, getCipher(), by, s.id, {
    legalName: opts.name ?? '王芳',
    idNumber,
    phone: opts.phone ?? '13912345678',
    email: 'wf@stu.example.edu.cn',
  });
  return { ...s, ...r, idNumber };
}
