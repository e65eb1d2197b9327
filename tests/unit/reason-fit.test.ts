import { describe, expect, it } from 'vitest';
import { FIELD_REASONS, PHOTO_REASONS, reasonFits, reasonsFor } from '../../lib/identity/reason-codes';
import { IDENTITY_FIELDS } from '../../lib/schemas/identity';
import { ZDecision } from '../../lib/schemas/review';

describe('return reasons per item', () => {
  it('each field is offered only the reasons that fit it (plus other); photos the photo reasons', () => {
    expect(reasonsFor('field:phone')).toEqual(['contact_invalid', 'other']);
    expect(reasonsFor('field:sex')).toEqual(['sex_wrong', 'other']);
    expect(reasonsFor('field:idNumber')).toEqual(['number_mismatch_document', 'other']);
    expect(reasonsFor('document:id_front')).toEqual(PHOTO_REASONS);
    for (const f of IDENTITY_FIELDS) {
      const offered = reasonsFor(`field:${f}`);
      expect(offered.length).toBeLessThan(FIELD_REASONS.length);
      for (const code of offered) expect(FIELD_REASONS as readonly string[]).toContain(code);
    }
    expect(reasonFits('field:email', 'sex_wrong')).toBe(false);
  });

  it('a crafted decision returning the phone as "sex wrong" is refused with a localized key', () => {
    const base = { decision: 'return', recordId: '00000000-0000-4000-8000-000000000000', revision: 1 } as const;
    const bad = ZDecision.safeParse({ ...base, reasons: [{ target: 'field:phone', code: 'sex_wrong' }] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toBe('review.errors.reasonDoesNotFit');
    expect(ZDecision.safeParse({ ...base, reasons: [{ target: 'field:phone', code: 'contact_invalid' }] }).success).toBe(true);
    expect(ZDecision.safeParse({ ...base, reasons: [{ target: 'document:id_back', code: 'sex_wrong' }] }).success).toBe(false);
  });
});
