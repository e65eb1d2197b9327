import { describe, expect, it } from 'vitest';
import { narrowToGrant } from '@/lib/server/sharing/internal/payload';

const stored = {
  student_id: 's1',
  version_id: 'v1',
  changed_at: '2026-12-01T00:00:00Z',
  student_number: '2025001',
  name: '张三',
  phone: '+8613812345678',
  department_code: 'CS',
  department_name_zh: '计算机学院',
  department_name_en: 'Computer Science',
  id_number_mask: '1101**********1234',
  id_number_enc: 'v1:ciphertext',
};

describe('a queued webhook payload against the grant at delivery', () => {
  it('keeps the record’s id, version and change time and only the fields still granted', () => {
    expect(Object.keys(narrowToGrant(stored, { fields: ['student_number'], idNumberFull: false })!).sort()).toEqual(
      ['changed_at', 'student_id', 'student_number', 'version_id'].sort(),
    );
    expect(narrowToGrant(stored, { fields: [], idNumberFull: true })).toEqual({ student_id: 's1', version_id: 'v1', changed_at: '2026-12-01T00:00:00Z' });
  });

  it('keeps the department’s columns with `department`, the mask with `id_number`, the ciphertext only with the full number', () => {
    const dept = narrowToGrant(stored, { fields: ['department'], idNumberFull: false })!;
    expect(dept).toMatchObject({ department_code: 'CS', department_name_zh: '计算机学院', department_name_en: 'Computer Science' });
    const masked = narrowToGrant(stored, { fields: ['id_number'], idNumberFull: false })!;
    expect(masked.id_number_mask).toBe('1101**********1234');
    expect(masked).not.toHaveProperty('id_number_enc');
    const full = narrowToGrant(stored, { fields: ['id_number'], idNumberFull: true })!;
    expect(full.id_number_enc).toBe('v1:ciphertext');
    // A grant never adds what the payload did not carry.
    expect(narrowToGrant({ student_id: 's1', version_id: 'v1', changed_at: null }, { fields: ['phone'], idNumberFull: false })).not.toHaveProperty('phone');
    expect(narrowToGrant(null, { fields: ['phone'], idNumberFull: false })).toBeNull();
  });
});
