import { zodResolver } from '@hookform/resolvers/zod';
import type { Resolver } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { identityErrors, identityErrorsWithStandIns, identityResolver } from '../../../components/identity/validation';
import type { FormValues } from '../../../components/identity/types';
import { ID_DOCUMENT_TYPES } from '../../../lib/identity/id-number';
import { ZIdentityForm } from '../../../lib/schemas/identity';

// The browser's resolver runs the rules without zod; the server parses with ZIdentityForm. They
// must say the same about every form: compared here case by case, through react-hook-form's own
// zod resolver on the server's schema (what the browser ran before).
const serverResolver = zodResolver(ZIdentityForm, undefined, { raw: true }) as unknown as Resolver<FormValues>;
const opts = { fields: {}, shouldUseNativeValidation: false } as Parameters<Resolver<FormValues>>[2];
const messages = (errors: Record<string, { message?: string } | undefined>) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v?.message]));

const valid: FormValues = {
  legalName: '王芳',
  latinName: '',
  sex: 'female',
  birthDate: '1949-12-31',
  ethnicity: '01',
  idType: 'cn_resident',
  idNumber: '11010519491231002X',
  idIssuingCountry: '',
  phone: '13812345678',
  email: 'wang.fang@example.edu.cn',
};

const CASES: [string, Partial<FormValues>][] = [
  ['a valid form', {}],
  ['everything empty', Object.fromEntries(Object.keys(valid).map((k) => [k, ''])) as Partial<FormValues>],
  ['no sex chosen', { sex: '' }],
  ['no document type chosen', { idType: '' }],
  ['neither chosen, a bad name and phone', { sex: '', idType: '', legalName: 'x1', phone: '123' }],
  ['birth date not what the ID number says', { birthDate: '1950-01-01' }],
  ['sex not what the ID number says', { sex: 'male' }],
  ['an ID number with a wrong check digit', { idNumber: '110105194912310021' }],
  ['a future birth date', { birthDate: '2999-01-01' }],
  ['not a date', { birthDate: '1949-02-30' }],
  ['no ethnicity', { ethnicity: '' }],
  ['an unknown ethnicity', { ethnicity: '99' }],
  ['a landline instead of a mobile', { phone: '01012345678' }],
  ['a phone of another country', { phone: '+44 7911 123456' }],
  ['a bad e-mail', { email: 'wang@fang' }],
  ['an over-long e-mail', { email: `${'a'.repeat(250)}@example.cn` }],
  ['a passport without country or latin name', { idType: 'passport', idNumber: 'E12345678' }],
  ['a passport with both', { idType: 'passport', idNumber: 'E12345678', idIssuingCountry: 'CHN', latinName: 'WANG FANG' }],
  ['a latin name with digits', { latinName: 'WANG 2' }],
];

/** What the browser ran before: the server's schema, then the stand-ins pass. */
async function reference(values: FormValues) {
  const first = messages((await serverResolver(values, undefined, opts)).errors);
  if (!Object.keys(first).length) return first;
  const standIns: Partial<FormValues> = {};
  const dropped = new Set<string>();
  if (values.sex !== 'male' && values.sex !== 'female') {
    standIns.sex = 'male';
    dropped.add('sex');
  }
  if (!(ID_DOCUMENT_TYPES as readonly string[]).includes(values.idType)) {
    standIns.idType = 'cn_resident';
    for (const f of ['idType', 'idNumber', 'idIssuingCountry', 'latinName']) dropped.add(f);
  }
  if (!dropped.size) return first;
  const second = messages((await serverResolver({ ...values, ...standIns }, undefined, opts)).errors);
  return { ...Object.fromEntries(Object.entries(second).filter(([k]) => !dropped.has(k))), ...first };
}

describe('client-side identity validation', () => {
  it.each(CASES)('agrees with the server schema: %s', async (_name, change) => {
    const values = { ...valid, ...change };
    const ours = messages(identityErrorsWithStandIns(values));
    expect(ours).toEqual(await reference(values));
  });

  it('finds errors where the server does, and none on a valid form', async () => {
    expect(identityErrors(valid)).toEqual({});
    expect(await identityResolver(valid, undefined, opts)).toEqual({ values: valid, errors: {} });
    const bad = { ...valid, email: 'nope', legalName: '' };
    const r = await identityResolver(bad, undefined, opts);
    expect(r.values).toEqual({});
    expect(Object.keys(r.errors).sort()).toEqual(['email', 'legalName']);
    expect(ZIdentityForm.safeParse(bad).success).toBe(false);
  });

  it('while the document type is unchosen, reports the other fields too but not the ID number', () => {
    const errors = identityErrorsWithStandIns({ ...valid, idType: '', legalName: '', idNumber: 'x' });
    expect(errors.idType?.message).toBe('identity.errors.required');
    expect(errors.legalName).toBeDefined();
    expect(errors.idNumber).toBeUndefined();
  });
});
