import { z } from 'zod';
import { ID_DOCUMENT_TYPES, SEXES, validateIdNumber } from '../identity/id-number';
import { validateLatinName, validateLegalName } from '../identity/name';
import { validatePhone } from '../identity/phone';
import { identityIssues } from '../identity/rules';

/**
 * The identity form's schema for the server: the shape here, the rules in lib/identity/rules.ts
 * (which the browser runs without zod). msg()/parseMessage() live there too.
 */
export { msg, parseMessage } from '../identity/rules';

export const ZIdentityFields = z.object({
  legalName: z.string(),
  latinName: z.string().optional().default(''),
  sex: z.enum(SEXES, { message: 'identity.errors.required' }),
  birthDate: z.string(),
  ethnicity: z.string(),
  idType: z.enum(ID_DOCUMENT_TYPES, { message: 'identity.errors.required' }),
  idNumber: z.string(),
  idIssuingCountry: z.string().optional().default(''),
  phone: z.string(),
  email: z.string(),
});

export const ZIdentityForm = ZIdentityFields.superRefine((v, ctx) => {
  for (const issue of identityIssues(v)) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
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
  sex: z.enum([...SEXES, '']).optional(),
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
