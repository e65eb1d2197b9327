/**
 * The identity form's client-side validation: the server's own rules (lib/identity/rules.ts) run
 * directly, without zod, so the phone downloads the rules and libphonenumber's small metadata set
 * but not the schema library. The server still parses every submission with the full schema
 * (ZIdentityForm) and libphonenumber's full metadata. Loaded with import() at the student's first
 * touch (lazy-resolver.ts): a phone on a weak network should see and fill the form first.
 */
import type { FieldErrors, Resolver } from 'react-hook-form';
import { ID_DOCUMENT_TYPES, SEXES, type IdDocumentType } from '@/lib/identity/id-number';
import { identityIssues, type IdentityInput } from '@/lib/identity/rules';
import type { FormValues } from './types';

type Errors = Partial<Record<keyof FormValues, { type: string; message: string }>>;

const isSex = (v: string) => (SEXES as readonly string[]).includes(v);
const isIdType = (v: string): v is IdDocumentType => (ID_DOCUMENT_TYPES as readonly string[]).includes(v);

/**
 * As ZIdentityForm judges the form: while sex or the document type is unchosen, that is the only
 * error (the rules need both); otherwise the first broken rule of each field.
 */
export function identityErrors(values: FormValues): Errors {
  const errors: Errors = {};
  if (!isSex(values.sex)) errors.sex = { type: 'invalid_value', message: 'identity.errors.required' };
  if (!isIdType(values.idType)) errors.idType = { type: 'invalid_value', message: 'identity.errors.required' };
  if (errors.sex || errors.idType) return errors;
  const input = { ...values, latinName: values.latinName ?? '', idIssuingCountry: values.idIssuingCountry ?? '' } as IdentityInput;
  for (const issue of identityIssues(input)) errors[issue.field] ??= { type: 'custom', message: issue.message };
  return errors;
}

/**
 * The rules need sex and the document type, so while either is still unchosen the first pass
 * reports that one error and nothing else — a blurred, empty name field would say nothing. A
 * second pass with stand-ins for the unchosen choices collects the other fields' errors; errors
 * the stand-ins could have caused are dropped.
 */
export function identityErrorsWithStandIns(values: FormValues): Errors {
  const first = identityErrors(values);
  if (!Object.keys(first).length) return first;
  const standIns: Partial<FormValues> = {};
  const dropped = new Set<string>();
  if (!isSex(values.sex)) {
    standIns.sex = 'male';
    dropped.add('sex');
  }
  if (!isIdType(values.idType)) {
    standIns.idType = 'cn_resident';
    for (const f of ['idType', 'idNumber', 'idIssuingCountry', 'latinName']) dropped.add(f);
  }
  if (!dropped.size) return first;
  const second = identityErrors({ ...values, ...standIns });
  const extra = Object.fromEntries(Object.entries(second).filter(([k]) => !dropped.has(k)));
  return { ...extra, ...first };
}

// The values go as typed: the server parses (and normalizes) them again.
export const identityResolver: Resolver<FormValues> = (values) => {
  const errors = identityErrorsWithStandIns(values);
  return Object.keys(errors).length ? { values: {}, errors: errors as FieldErrors<FormValues> } : { values, errors: {} };
};
