import { describe, expect, it } from 'vitest';
import { stillFailing, visibleSummary } from '../../lib/domain/form-errors';

describe('form messages clear when fixed', () => {
  it('"some items need changing" shows while an item error remains, and goes when none is left', () => {
    expect(visibleSummary('identity.errors.fixFields', { phone: 'identity.errors.phone' })).toBe('identity.errors.fixFields');
    expect(visibleSummary('identity.errors.fixFields', { phone: undefined })).toBeNull();
    expect(visibleSummary('identity.errors.photosMissing', { 'photo:id_front': undefined })).toBeNull();
    // Not a summary: a server refusal stays until the next attempt.
    expect(visibleSummary('identity.errors.alreadySubmitted', {})).toBe('identity.errors.alreadySubmitted');
    expect(visibleSummary(null, { phone: 'x' })).toBeNull();
  });

  it('"evidence required" goes once a photo is added; a changed field drops its own error only', () => {
    const errors = { evidence: 'corrections.errors.evidenceRequired', reason: 'corrections.errors.reason', legalName: 'identity.errors.name' };
    const live = stillFailing(errors, { evidence: true, reason: false, legalName: false });
    expect(live).toEqual({ reason: 'corrections.errors.reason', legalName: 'identity.errors.name' });
    expect(visibleSummary('corrections.errors.fixFields', live)).toBe('corrections.errors.fixFields');
    const none = stillFailing(live, { reason: true, legalName: true });
    expect(none).toEqual({});
    expect(visibleSummary('corrections.errors.fixFields', none)).toBeNull();
    expect(
      visibleSummary('corrections.errors.evidenceRequired', stillFailing({ evidence: 'corrections.errors.evidenceRequired' }, { evidence: true })),
    ).toBeNull();
  });
});
