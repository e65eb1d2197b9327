/**
 * The identity form's rules, in plain functions: the server's schema (lib/schemas/identity.ts)
 * runs them inside zod, and the browser's resolver (components/identity/validation.ts) runs the
 * same functions without zod, so a phone downloads the rules and not the schema library.
 * Messages are i18n keys; a key may carry values after '::' as JSON (see formatMessage), so the
 * form can say which date the ID number encodes and which one was typed.
 */
import { regexes } from 'zod/v4/core';
import { LATIN_NAME_REQUIRED } from './documents';
import { ETHNICITY_CODES } from './ethnicity';
import { checkBirthAndSex, type IdDocumentType, validateIdNumber } from './id-number';
import { validateLatinName, validateLegalName } from './name';
import { validatePhone } from './phone';

export const msg = (key: string, vars?: Record<string, string>) => (vars ? `${key}::${JSON.stringify(vars)}` : key);

export function parseMessage(m: string): { key: string; vars?: Record<string, string> } {
  const i = m.indexOf('::');
  if (i < 0) return { key: m };
  try {
    return { key: m.slice(0, i), vars: JSON.parse(m.slice(i + 2)) as Record<string, string> };
  } catch {
    return { key: m.slice(0, i) };
  }
}

/** The form once its choices are made: every field a string, sex and document type chosen. */
export interface IdentityInput {
  legalName: string;
  latinName: string;
  sex: 'male' | 'female';
  birthDate: string;
  ethnicity: string;
  idType: IdDocumentType;
  idNumber: string;
  idIssuingCountry: string;
  phone: string;
  email: string;
}

export interface IdentityIssue {
  field: keyof IdentityInput;
  message: string;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
function realDate(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** zod's own e-mail check (the pattern z.email() uses), without the rest of zod. */
export const isEmail = (v: string): boolean => regexes.email.test(v);

/** Every rule the form breaks, in the order of the fields. */
export function identityIssues(v: IdentityInput): IdentityIssue[] {
  const out: IdentityIssue[] = [];
  const add = (field: IdentityIssue['field'], message: string) => out.push({ field, message });

  const name = validateLegalName(v.legalName);
  if (!name.ok) add('legalName', `identity.errors.name.${name.code}`);
  const latinRequired = LATIN_NAME_REQUIRED.has(v.idType);
  if (v.latinName.trim() || latinRequired) {
    const latin = validateLatinName(v.latinName);
    if (!latin.ok) add('latinName', `identity.errors.latin.${latin.code}`);
  }
  if (!isoDate.test(v.birthDate) || !realDate(v.birthDate)) add('birthDate', 'identity.errors.birthDate');
  else if (v.birthDate > new Date().toISOString().slice(0, 10)) add('birthDate', 'identity.errors.birthDateFuture');
  if (!ETHNICITY_CODES.includes(v.ethnicity as never)) add('ethnicity', 'identity.errors.required');

  const id = validateIdNumber(v.idType, v.idNumber, { issuingCountry: v.idIssuingCountry || undefined });
  if (!id.ok) {
    add(id.code === 'missing_country' ? 'idIssuingCountry' : 'idNumber', `identity.errors.id.${id.code}`);
  } else {
    for (const m of checkBirthAndSex(id, { birthDate: isoDate.test(v.birthDate) ? v.birthDate : undefined, sex: v.sex })) {
      add(
        m.field,
        msg(m.field === 'birthDate' ? 'identity.errors.birthMismatch' : 'identity.errors.sexMismatch', {
          fromNumber: m.fromNumber,
          fromForm: m.fromForm,
        }),
      );
    }
  }
  const phone = validatePhone(v.phone);
  if (!phone.ok) add('phone', `identity.errors.phone.${phone.code}`);
  if (!isEmail(v.email.trim()) || v.email.length > 254) add('email', 'identity.errors.email');
  return out;
}
