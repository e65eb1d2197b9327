import Link from 'next/link';
import type { Locale, T } from '@/lib/i18n';
import { ethnicityName } from '@/lib/identity/ethnicity';
import type { MyRecord } from '@/lib/server/identity/get-my-record';
import { formatDateTime } from './format';
import { keyIn } from '@/lib/i18n';

/** The submitted version, read-only, while it is with the reviewers (or verified). */
export function SubmittedView({
  t,
  locale,
  current,
  thumbs,
}: {
  t: T;
  locale: Locale;
  current: NonNullable<MyRecord['current']>;
  thumbs: { kind: string; url: string | null }[];
}) {
  const f = current.fields;
  const rows: [string, string | undefined][] = [
    [t('identity.fields.legalName.label'), f.legalName],
    [t('identity.fields.latinName.label'), f.latinName || undefined],
    [t('identity.fields.sex.label'), f.sex ? t(`identity.fields.sex.${f.sex}`) : undefined],
    [t('identity.fields.birthDate.label'), f.birthDate],
    [t('identity.fields.ethnicity.label'), f.ethnicity ? ethnicityName(f.ethnicity, locale) : undefined],
    [t('identity.fields.idType.label'), f.idType ? t(`identity.idTypes.${f.idType}`) : undefined],
    [t('identity.fields.idNumber.label'), current.idNumberMask],
    ...(f.idType === 'passport' ? [[t('identity.fields.idIssuingCountry.label'), f.idIssuingCountry] as [string, string | undefined]] : []),
    [t('identity.fields.phone.label'), f.phone],
    [t('identity.fields.email.label'), f.email],
  ];
  return (
    <section className="space-y-4 rounded-2xl bg-white p-5 shadow-sm" aria-labelledby="view-title" data-testid="submitted-view">
      <div>
        <h2 id="view-title" className="text-lg font-semibold">
          {t('identity.view.title')}
        </h2>
        <p className="text-sm text-slate-500">{t('identity.view.submittedAt', { date: formatDateTime(current.submittedAt, locale) })}</p>
      </div>
      <dl className="divide-y divide-slate-100">
        {rows
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k} className="grid grid-cols-[7rem_1fr] gap-3 py-2 text-base">
              <dt className="text-slate-500">{k}</dt>
              <dd className="break-all">{v}</dd>
            </div>
          ))}
      </dl>
      {thumbs.length > 0 && (
        <ul className="grid grid-cols-2 gap-2">
          {thumbs.map((p) => (
            <li key={p.kind} className="space-y-1">
              <div className="flex aspect-[1.586] items-center justify-center overflow-hidden rounded-xl bg-slate-100">
                {p.url && (
                  // eslint-disable-next-line @next/next/no-img-element
                  <img src={p.url} alt={t('photo.alt', { kind: t(keyIn('photo.kinds', p.kind)) })} className="h-full w-full object-contain" />
                )}
              </div>
              <p className="text-center text-xs text-slate-500">{t(keyIn('photo.kinds', p.kind))}</p>
            </li>
          ))}
        </ul>
      )}
      <p className="rounded-xl bg-slate-50 px-4 py-3 text-sm text-slate-600">{t('identity.view.locked')}</p>
      <Link href="/home" className="tap flex items-center justify-center rounded-xl border border-slate-300 px-4 text-base text-slate-800">
        {t('identity.view.backHome')}
      </Link>
    </section>
  );
}
