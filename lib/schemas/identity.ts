import { z } from 'zod';
import { LATIN_NAME_REQUIRED } from '../identity/documents';
import { ETHNICITY_CODES } from '../identity/ethnicity';
import { checkBirthAndSex, ID_DOCUMENT_TYPES, validateIdNumber } from '../identity/id-number';
import { validateLatinName, validateLegalName } from '../identity/name';
import { validatePhone } from '../identity/phone';

/**
 * The identity form: one schema for react-hook-form in the browser and for the server verb.
 * Messages are i18n keys; a key may carry values after '::' as JSON (see formatMessage), so the
 * form can say which date the ID number encodes and which one was typed.
 */
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

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
function realDate(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export const ZIdentityFields = z.object({
  legalName: z.string(),
  latinName: z.string().optional().default(''),
  sex: z.enum(['male', 'female'], { message: 'identity.errors.required' }),
  birthDate: z.string(),
  ethnicity: z.string(),
  idType: z.enum(ID_DOCUMENT_TYPES, { message: 'identity.errors.required' }),
  idNumber: z.string(),
  idIssuingCountry: z.string().optional().default(''),
  phone: z.string(),
  email: z.string(),
});

export const ZIdentityForm = ZIdentityFields.superRefine((v, ctx) => {
  const add = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });

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
  if (!z.email().safeParse(v.email.trim()).success || v.email.length > 254) add('email', 'identity.errors.email');
}).transform((v) => {
  // Only reached when valid: store the normalized forms.
  const id = validateIdNumber(v.idType, v.idNumber, { issuingCountry: v.idIssuingCountry || undefined });
  const phone = validatePhone(v.phone);
  const name = validateLegalName(v.legalName);
  const latin = v.latinName.trim() ? validateLatinName(v.latinName) : null;
  return {
    legalName: name.ok ? name.normalized : v.legalName,
    latinName: latin?.ok ? latin.normalized : null,
    sex: v.sex,
    birthDate: v.birthDate,
    ethnicity: v.ethnicity,
    idType: v.idType,
    idNumber: id.ok ? id.normalized : v.idNumber,
    idIssuingCountry: v.idType === 'passport' ? v.idIssuingCountry.trim().toUpperCase() : null,
    phone: phone.ok ? phone.e164 : v.phone,
    email: v.email.trim().toLowerCase(),
  };
});

export type TIdentityForm = z.input<typeof ZIdentityFields>;
export type TIdentityValid = z.output<typeof ZIdentityForm>;

/** A draft is whatever the student has typed so far: strings, bounded, nothing validated yet. */
export const ZIdentityDraft = z.object({
  legalName: z.string().max(100).optional(),
  latinName: z.string().max(200).optional(),
  sex: z.enum(['male', 'female', '']).optional(),
  birthDate: z.string().max(20).optional(),
  ethnicity: z.string().max(4).optional(),
  idType: z.enum([...ID_DOCUMENT_TYPES, '']).optional(),
  idNumber: z.string().max(40).optional(),
  idIssuingCountry: z.string().max(3).optional(),
  phone: z.string().max(30).optional(),
  email: z.string().max(254).optional(),
});
export type TIdentityDraft = z.infer<typeof ZIdentityDraft>;

export const IDENTITY_FIELDS = ['legalName', 'latinName', 'sex', 'birthDate', 'ethnicity', 'idType', 'idNumber', 'idIssuingCountry', 'phone', 'email'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];
