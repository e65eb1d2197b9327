import { z } from 'zod';
import { IDENTITY_FIELDS } from './identity';

export const CAMPAIGN_SECTIONS = ['identity', 'document', 'contact'] as const;
export type CampaignSection = (typeof CAMPAIGN_SECTIONS)[number];

/** Which form fields each section of the confirmation screen shows. */
export const SECTION_FIELDS: Record<CampaignSection, readonly (typeof IDENTITY_FIELDS)[number][]> = {
  identity: ['legalName', 'latinName', 'sex', 'birthDate', 'ethnicity'],
  document: ['idType', 'idNumber', 'idIssuingCountry'],
  contact: ['phone', 'email'],
};

const dateTime = z.iso.datetime({ offset: true }).or(z.iso.datetime({ local: true }));

export const ZCreateCampaign = z
  .object({
    name: z.string().trim().min(1, 'campaigns.errors.name').max(100),
    semester: z.string().trim().min(1, 'campaigns.errors.semester').max(50),
    opensAt: dateTime,
    closesAt: dateTime,
    departmentIds: z.array(z.uuid()).max(200).default([]),
    cohorts: z.array(z.number().int().min(1950).max(2100)).max(20).default([]),
    sections: z
      .array(z.enum(CAMPAIGN_SECTIONS))
      .min(1)
      .default([...CAMPAIGN_SECTIONS]),
  })
  .refine((v) => new Date(v.closesAt) > new Date(v.opensAt), { path: ['closesAt'], message: 'campaigns.errors.closesBeforeOpens' });
export type TCreateCampaign = z.input<typeof ZCreateCampaign>;

export const CORRECTABLE_FIELDS = IDENTITY_FIELDS;
export const ZCorrectionInput = z.object({
  /** new values of the fields the student wants changed; other fields stay as verified */
  changes: z.record(z.string(), z.string().max(200)),
  reason: z.string().trim().min(1, 'corrections.errors.reason').max(1000),
  evidenceDocumentIds: z.array(z.uuid()).max(10).default([]),
  taskId: z.uuid().optional(),
  /** one per submit intent, kept across retries (the phone's outbox sends its own): a retry returns the first answer */
  idempotencyKey: z.uuid().optional(),
});
export type TCorrectionInput = z.input<typeof ZCorrectionInput>;
