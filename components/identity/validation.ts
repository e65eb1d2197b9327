/**
 * The identity form's client-side validation: the server's own schema (ZIdentityForm) through
 * zodResolver. Loaded with import() after the form is on screen, because zod plus libphonenumber's
 * full metadata weigh ~140 KB gzipped — more than the rest of the page — and a phone on a weak
 * network should see and fill the form first.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldErrors, Resolver } from 'react-hook-form';
import { ID_DOCUMENT_TYPES } from '@/lib/identity/id-number';
import { ZIdentityForm } from '@/lib/schemas/identity';
import type { FormValues } from './types';

// raw: the submission sends what the student typed; the server parses (and normalizes) it again.
const schemaResolver = zodResolver(ZIdentityForm, undefined, { raw: true }) as unknown as Resolver<FormValues>;

/**
 * ZIdentityForm's cross-field rules run only once its base fields parse, so while sex or the
 * document type is still unchosen the schema reports that one error and nothing else — a blurred,
 * empty name field would say nothing. A second pass with stand-ins for the unchosen choices
 * collects the other fields' errors; errors the stand-ins could have caused are dropped.
 */
export const identityResolver: Resolver<FormValues> = async (values, context, options) => {
  const first = await schemaResolver(values, context, options);
  if (!Object.keys(first.errors).length) return first;
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
  const second = await schemaResolver({ ...values, ...standIns }, context, options);
  const extra = Object.fromEntries(Object.entries(second.errors).filter(([k]) => !dropped.has(k)));
  return { values: {}, errors: { ...extra, ...first.errors } as FieldErrors<FormValues> };
};
