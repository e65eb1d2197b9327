import { dateFormat } from '@/lib/domain/dates';
import { ethnicityName } from '@/lib/identity/ethnicity';
import type { Locale, T } from '@/lib/i18n';
import type { StudentSummary } from '@/lib/server/cases/student-summary';
import { keyIn } from '@/lib/i18n';

/**
 * One student of a case: roster row, verification state and current submission with the ID number
 * masked, and thumbnails of the ID photos. Two of these side by side compare a duplicate pair.
 */
export function StudentPanel({
  t,
  locale,
  title,
  student,
  thumbs,
  testId,
}: {
  t: T;
  locale: Locale;
  title: string;
  student: StudentSummary;
  thumbs: Record<string, string | null>;
  testId: string;
}) {
  const v = student.version;
  const fmt = dateFormat(locale, 'date');
  const rows: [string, string][] = v
    ? [
        [t('identity.fields.legalName.label'), v.legalName],
        ...(v.latinName ? [[t('identity.fields.latinName.label'), v.latinName] as [string, string]] : []),
        [t('identity.fields.sex.label'), t(`cases.sex.${v.sex}`)],
        [t('identity.fields.birthDate.label'), v.birthDate],
        [t('identity.fields.ethnicity.label'), ethnicityName(v.ethnicity, locale)],
        [t('identity.fields.idType.label'), t(keyIn('identity.idTypes', v.idType)) + (v.idIssuingCountry ? ` (${v.idIssuingCountry})` : '')],
        [t('identity.fields.idNumber.label'), v.idNumberMask],
        [t('identity.fields.phone.label'), v.phone],
        [t('identity.fields.email.label'), v.email],
      ]
    : [];
  return (
    <section className="min-w-0 rounded-2xl bg-white p-4 shadow-sm" aria-label={title} data-testid={testId}>
      <h2 className="text-xs font-medium uppercase tracking-wide text-slate-500">{title}</h2>
      <p className="mt-1 text-lg font-semibold">{student.name}</p>
      <p className="font-mono text-xs text-slate-500">
        {student.studentNumber} · {locale === 'zh-CN' ? student.department.nameZh : student.department.nameEn} ·{' '}
        {t('home.cohortValue', { cohort: student.cohort })}
      </p>
      <p className="mt-2 text-sm">
        <span className="text-slate-500">
          {t('cases.recordState')}
          {locale === 'zh-CN' ? '：' : ': '}
        </span>
        {student.record ? t(keyIn('cases.recordStates', student.record.state)) : '—'}
      </p>
      {v ? (
        <>
          <p className="mt-1 text-xs text-slate-500">{t('cases.version', { seq: v.seq, date: fmt.format(v.submittedAt) })}</p>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            {rows.map(([k, val]) => (
              <div key={k} className="contents">
                <dt className="text-slate-500">{k}</dt>
                <dd className="min-w-0 break-words font-medium" data-testid={k === t('identity.fields.idNumber.label') ? `${testId}-id-number` : undefined}>
                  {val}
                </dd>
              </div>
            ))}
          </dl>
          {student.photos.length > 0 && (
            <ul className="mt-3 grid grid-cols-2 gap-2" aria-label={t('cases.photos')}>
              {student.photos.map((p) => (
                <li key={p.documentId} className="overflow-hidden rounded-lg bg-slate-100">
                  {thumbs[p.documentId] ? (
                    <a href={thumbs[p.documentId]!} target="_blank" rel="noreferrer">
                      {/* short-lived signed URL to the cleaned copy; next/image would cache it */}
                      {/* eslint-disable-next-line @next/next/no-img-element */}
                      <img
                        src={thumbs[p.documentId]!}
                        alt={t('cases.photoAlt', { name: student.name, kind: t(keyIn('photo.kinds', p.kind)) })}
                        className="aspect-[1.586] w-full object-contain"
                      />
                    </a>
                  ) : (
                    <span className="flex aspect-[1.586] items-center justify-center text-xs text-slate-500">{t(keyIn('photo.kinds', p.kind))}</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p className="mt-3 text-sm text-slate-500">{t('cases.noSubmission')}</p>
      )}
    </section>
  );
}
