import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CASE_OUTCOMES, CASE_STATUSES, CONTACT_CHANNELS } from '@/lib/domain/cases';
import { SHARE_FIELDS } from '@/lib/domain/sharing';
import { WEBHOOK_EVENTS } from '@/lib/domain/webhooks';
import { keyIn, messageKey, tKnown, translator, type MessagePrefix } from '@/lib/i18n';
import { ID_DOCUMENT_TYPES } from '@/lib/identity/id-number';
import { REASON_CODES } from '@/lib/identity/reason-codes';
import { STAFF_ROLES } from '@/lib/schemas/admin';
import { IDENTITY_FIELDS } from '@/lib/schemas/identity';

const t = translator('en');

describe('message keys are typed', () => {
  it('a catalog key type-checks and translates', () => {
    expect(t('app.name')).toBe('Campus ID Verify');
  });

  it('a mistyped key is a compile error (tsc --noEmit in CI fails if this directive is unused) and shows itself at run time', () => {
    // @ts-expect-error 'app.nmae' is not a catalog key
    expect(t('app.nmae')).toBe('app.nmae');
    // @ts-expect-error a namespace is not a message
    expect(t('photo.kinds')).toBe('photo.kinds');
  });

  it('keyIn checks the namespace at compile time', () => {
    expect(t(keyIn('photo.kinds', 'id_front'))).toBe(translator('en')(keyIn('photo.kinds', 'id_front')));
    // @ts-expect-error 'photo.kindz' is not a namespace
    keyIn('photo.kindz', 'id_front');
  });

  it('messageKey admits only keys both catalogs have; tKnown names its fallback', () => {
    expect(messageKey('errors.internal')).toBe('errors.internal');
    expect(messageKey('errors.nope')).toBeUndefined();
    expect(messageKey('photo.kinds')).toBeUndefined(); // a branch, not a string
    expect(messageKey('')).toBeUndefined();
    expect(messageKey(null)).toBeUndefined();
    expect(tKnown(t, 'errors.internal')).toBe(t('errors.internal'));
    expect(tKnown(t, '<script>alert(1)</script>', undefined, 'fallback')).toBe('fallback');
    expect(tKnown(t, 'errors.nope')).toBe('errors.nope');
  });
});

// Every value the code turns into a key with keyIn has its message in both catalogs — the
// run-time half of the check for keys that arrive as data.
const schema = readFileSync('supabase/schema.sql', 'utf8');
function checkValues(constraint: string): string[] {
  const line = schema.split('\n').find((l) => l.includes(`CONSTRAINT ${constraint} CHECK`));
  if (!line) throw new Error(`no constraint ${constraint} in supabase/schema.sql`);
  return [...line.matchAll(/'([a-z_]+)'::text/g)].map((m) => String(m[1]));
}

const ENUMS: [MessagePrefix, readonly string[], string?][] = [
  ['review.states', checkValues('identity_records_state_check')],
  ['cases.recordStates', checkValues('identity_records_state_check')],
  ['cases.source', checkValues('cases_source_check')],
  ['photo.kinds', checkValues('documents_kind_check').filter((k) => k !== 'evidence')],
  ['review.events', checkValues('review_events_kind_check')],
  ['imports.kinds', checkValues('import_runs_kind_check')],
  ['cases.status', CASE_STATUSES],
  ['cases.outcome', CASE_OUTCOMES],
  ['cases.channel', CONTACT_CHANNELS],
  ['reasons', REASON_CODES],
  ['identity.idTypes', ID_DOCUMENT_TYPES],
  ['roles', STAFF_ROLES],
  ['identity.fields', IDENTITY_FIELDS, '.label'],
  ['webhooks.eventNames', WEBHOOK_EVENTS.map((e) => e.replace('.', '_'))],
  ['sharing.fieldNames', SHARE_FIELDS],
];

describe('every enum shown through keyIn has its message', () => {
  it.each(ENUMS.map(([p, values, suffix]) => [p, values, suffix] as const))('%s', (prefix, values, suffix) => {
    expect(values.length).toBeGreaterThan(0);
    const missing = values.filter((v) => messageKey(keyIn(prefix, v, suffix)) === undefined);
    expect(missing).toEqual([]);
  });
});
