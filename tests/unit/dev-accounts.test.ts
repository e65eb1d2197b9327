import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, devAccounts, poolAccounts } from '../../lib/dev-oidc/accounts';
import { checkBirthAndSex, validateIdNumber } from '../../lib/identity/id-number';

describe('the e2e student pool of the development provider', () => {
  const pool = poolAccounts(40);

  it('is only there when E2E_STUDENT_POOL asks for it', () => {
    expect(devAccounts({})).toBe(DEMO_ACCOUNTS);
    expect(devAccounts({ E2E_STUDENT_POOL: '40' }).length).toBe(DEMO_ACCOUNTS.length + 40);
  });

  it('gives every fresh student a unique account, student number, name, e-mail and ID number', () => {
    const all = [...DEMO_ACCOUNTS, ...pool];
    for (const key of ['sub', 'studentNumber', 'email'] as const) {
      const values = all.flatMap((a) => (a[key] ? [a[key]] : []));
      expect(new Set(values).size, key).toBe(values.length);
    }
    expect(pool.every((a) => a.studentNumber && a.email)).toBe(true);
    expect(new Set(pool.map((a) => a.name)).size).toBe(pool.length);
    expect(new Set(all.flatMap((a) => (a.identity ? [a.identity.idNumber] : []))).size).toBe(all.filter((a) => a.identity).length);
    // No pool name contains another (tests find a student in a list by name).
    for (const a of pool) expect(pool.filter((b) => b.name.includes(a.name))).toHaveLength(1);
  });

  it('gives each a valid resident ID number whose birth date and sex agree with the record', () => {
    for (const a of pool) {
      const r = validateIdNumber('cn_resident', a.identity!.idNumber, { today: new Date('2026-12-01') });
      expect(r.ok, a.identity!.idNumber).toBe(true);
      expect(checkBirthAndSex(r, { birthDate: a.identity!.birthDate, sex: a.identity!.sex })).toEqual([]);
    }
    expect(new Set(pool.map((a) => a.department))).toEqual(new Set(['CS', 'FL']));
  });
});
