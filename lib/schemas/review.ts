import { z } from 'zod';
import { IDENTITY_FIELDS } from './identity';
import { REASON_CODES, reasonFits } from '../identity/reason-codes';

const PHOTO_TARGETS = ['id_front', 'id_back', 'passport_data'] as const;

export const ZReturnReason = z
  .object({
    target: z.union([z.templateLiteral(['field:', z.enum(IDENTITY_FIELDS)]), z.templateLiteral(['document:', z.enum(PHOTO_TARGETS)])]),
    code: z.enum(REASON_CODES),
    comment: z.string().trim().max(500).optional(),
  })
  // The same fixed list for every reviewer, and only the reasons that fit the item (a phone number is never "sex wrong").
  .refine((r) => reasonFits(r.target, r.code), { path: ['code'], message: 'review.errors.reasonDoesNotFit' });

export const ZDecision = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('verify'), recordId: z.uuid(), revision: z.number().int().min(0), comment: z.string().trim().max(2000).optional() }),
  z.object({
    decision: z.literal('return'),
    recordId: z.uuid(),
    revision: z.number().int().min(0),
    reasons: z.array(ZReturnReason).min(1, 'review.errors.reasonRequired').max(20),
    comment: z.string().trim().max(2000).optional(),
  }),
  z.object({
    decision: z.literal('escalate'),
    recordId: z.uuid(),
    revision: z.number().int().min(0),
    comment: z.string().trim().min(1, 'review.errors.commentRequired').max(2000),
  }),
]);
export type TDecision = z.input<typeof ZDecision>;
