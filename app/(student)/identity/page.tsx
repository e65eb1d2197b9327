import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { IdentityForm } from '@/components/identity/identity-form';
import { ReturnedBanner } from '@/components/identity/returned-banner';
import { RosterCard } from '@/components/identity/roster-card';
import { RememberIdentityForm } from '@/components/outbox/remember-form';
import { SubmittedView } from '@/components/identity/submitted-view';
import type { FormValues, IdentityField, PhotoKind, ReturnNote, UploadedPhoto } from '@/components/identity/types';
import { getT } from '@/lib/i18n/server';
import { PHOTO_KINDS } from '@/lib/identity/documents';
import { IDENTITY_FIELDS } from '@/lib/schemas/identity';
import { getAccess } from '@/lib/server/auth/session';
import { documentViewUrl } from '@/lib/server/documents/view-url';
import { getMyRecord, type MyRecord } from '@/lib/server/identity/get-my-record';
import { createPhotoUploadAction, finalizePhotoUploadAction, saveDraftAction, submitIdentityAction } from './actions';
import { identityClientMessages } from './messages';
import { keyIn, tKnown } from '@/lib/i18n';
import type { IdentityField as FieldName } from '@/lib/schemas/identity';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('identity.title') };
}

const EDITABLE_STATES: readonly MyRecord['state'][] = ['none', 'draft', 'returned'];

function formValues(record: MyRecord): FormValues {
  const f = record.form;
  const out = Object.fromEntries(IDENTITY_FIELDS.map((k) => [k, f[k] ?? ''])) as FormValues;
  // Nearly every student holds a resident ID card: start there, one tap to change.
  if (f.idType === undefined) out.idType = 'cn_resident';
  return out;
}

/** When the latest return happened: photos taken after it count as retaken. */
function returnedAt(record: MyRecord): Date | null {
  const r = [...record.timeline].reverse().find((e) => e.kind === 'returned');
  return r?.at ?? null;
}

export default async function IdentityPage({ searchParams }: { searchParams: Promise<{ err?: string; fields?: string }> }) {
  const sp = await searchParams;
  const access = await getAccess();
  if (!access?.student) redirect('/');
  const [{ t, locale }, record] = await Promise.all([getT(), getMyRecord({ access })]);
  const student = access.student;

  // Thumbnails of the photos on file: short-lived signed URLs, each view audited.
  const thumbs = await Promise.all(
    record.photos
      .filter((p) => (PHOTO_KINDS as readonly string[]).includes(p.kind))
      .map(async (p) => ({
        ...p,
        url: await documentViewUrl({ access, input: { documentId: p.documentId, variant: 'thumb' } }).catch(() => null),
      })),
  );

  const header = (
    <>
      <h1 className="text-xl font-semibold">{t('identity.title')}</h1>
      <RosterCard t={t} locale={locale} student={student} />
    </>
  );

  if (!EDITABLE_STATES.includes(record.state) && record.current) {
    return (
      <div className="space-y-4">
        {header}
        <SubmittedView t={t} locale={locale} current={record.current} thumbs={thumbs.map((p) => ({ kind: p.kind, url: p.url }))} />
        <RememberIdentityForm snapshot={null} />
      </div>
    );
  }
  // PIPL art. 17: the notice is read before anything is collected, so it comes first.
  if (!record.noticeAccepted) redirect('/identity/notice');

  const returned = record.state === 'returned' ? record.returned : null;
  const notes: Record<string, ReturnNote> = {};
  for (const r of returned?.reasons ?? []) {
    const key = r.target.startsWith('field:') ? r.target.slice(6) : r.target.startsWith('document:') ? `photo:${r.target.slice(9)}` : null;
    if (key) notes[key] = { reason: t(keyIn('reasons', r.code)), ...(r.comment ? { comment: r.comment } : {}) };
  }
  const editable = returned ? IDENTITY_FIELDS.filter((f): f is IdentityField => !!notes[f]) : null;
  const returnAt = returned ? returnedAt(record) : null;
  const photos: Partial<Record<PhotoKind, UploadedPhoto>> = {};
  const retake: PhotoKind[] = [];
  for (const p of thumbs) {
    const kind = p.kind as PhotoKind;
    photos[kind] = { documentId: p.documentId, thumbUrl: p.url };
    if (returnAt && notes[`photo:${kind}`] && p.createdAt <= returnAt) retake.push(kind);
  }
  // A returned photo with nothing on file at all still has to be taken.
  for (const k of PHOTO_KINDS) if (notes[`photo:${k}`] && !photos[k] && !retake.includes(k)) retake.push(k);
  const baselineAt = Math.max(record.draftSavedAt?.getTime() ?? 0, record.current?.submittedAt.getTime() ?? 0, returnAt?.getTime() ?? 0);

  const fieldsToFix = (sp.fields ?? '')
    .split(',')
    .filter((f): f is FieldName => (IDENTITY_FIELDS as readonly string[]).includes(f))
    .map((f) => t(keyIn('identity.fields', f, '.label')));
  const initial = formValues(record);
  return (
    <div className="space-y-4">
      {header}
      {returned ? <ReturnedBanner t={t} comment={returned.comment} /> : <p className="text-base text-slate-600">{t('identity.intro')}</p>}
      {sp.err && (
        // After a plain form post (no JavaScript) that was refused: what to fix, named; the values
        // typed were kept as the draft the form shows.
        <div role="alert" className="rounded-2xl border border-red-200 bg-red-50 p-4 text-base text-red-900" data-testid="form-post-error">
          <p>{tKnown(t, sp.err, undefined, t('errors.invalid_input'))}</p>
          {fieldsToFix.length > 0 && (
            <p className="mt-1 text-sm">{t('identity.errors.checkFields', { fields: fieldsToFix.join(locale === 'zh-CN' ? '、' : ', ') })}</p>
          )}
        </div>
      )}
      <IdentityForm
        formKey={randomUUID()}
        nonce={(await headers()).get('x-nonce') ?? undefined}
        locale={locale}
        messages={identityClientMessages(t)}
        scope={student.id}
        initial={initial}
        baselineAt={baselineAt}
        editable={editable}
        idNumberMask={record.current?.idNumberMask ?? null}
        notes={notes}
        photos={photos}
        retake={retake}
        actions={{
          saveDraft: saveDraftAction,
          submit: submitIdentityAction,
          createPhotoUpload: createPhotoUploadAction,
          finalizePhotoUpload: finalizePhotoUploadAction,
        }}
      />
      {/* The same starting point, kept on the phone for a start with no network (the offline page). */}
      <RememberIdentityForm
        snapshot={{
          form: {
            scope: student.id,
            initial,
            baselineAt,
            editable,
            idNumberMask: record.current?.idNumberMask ?? null,
            notes,
            photos: Object.fromEntries(Object.entries(photos).map(([k, p]) => [k, p.documentId])),
            retake,
          },
          roster: {
            name: student.name,
            studentNumber: student.studentNumber,
            cohort: student.cohort,
            department: { nameZh: student.department.nameZh, nameEn: student.department.nameEn },
          },
          returned: returned ? { comment: returned.comment ?? null } : null,
          locale,
        }}
      />
      <Link href="/identity/notice" className="tap flex items-center justify-center text-sm text-slate-500 underline underline-offset-4">
        {t('notice.title')}
      </Link>
    </div>
  );
}
