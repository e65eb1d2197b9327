import { dateFormat } from '@/lib/domain/dates';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { EvidenceUpload } from '@/components/cases/evidence-upload';
import { attachEvidenceAction, startEvidenceUploadAction } from './actions';
import { getT } from '@/lib/i18n/server';
import type { T } from '@/lib/i18n';
import { getAccess } from '@/lib/server/auth/session';
import { listMyDocumentRequests } from '@/lib/server/cases/list-my-requests';
import { documentViewUrl } from '@/lib/server/documents/view-url';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('cases.requests.title') };
}

// The strings the upload control needs, in the request's language (no whole catalog in the bundle).
const CLIENT_KEYS = [
  'photo.take',
  'photo.album',
  'photo.compressing',
  'photo.uploading',
  'photo.checking',
  'photo.errors.notImage',
  'photo.errors.uploadExpired',
  'ratelimit.upload',
  'photo.errors.tooLarge',
  'photo.errors.corrupt',
  'photo.errors.heic',
  'photo.errors.tooSmall',
  'photo.errors.tooManyPixels',
  'photo.errors.empty',
  'photo.errors.network',
  'photo.errors.notFound',
  'photo.errors.notUploaded',
  'photo.errors.rejected',
  'photo.errors.failed',
  'cases.requests.uploaded',
  'cases.requests.addMore',
  'cases.errors.requestClosed',
  'errors.invalid_input',
  'errors.forbidden',
  'errors.not_found',
  'errors.conflict',
  'errors.internal',
  'errors.unauthenticated',
  'errors.too_large',
  'errors.unsupported_media',
] as const;
const clientMessages = (t: T) => Object.fromEntries(CLIENT_KEYS.map((k) => [k, t(k)]));

/** Phone first: each open request of the verification office, with a camera upload under it. */
export default async function RequestsPage() {
  const access = await getAccess();
  if (!access?.student) redirect('/');
  const [{ t, locale }, requests] = await Promise.all([getT(), listMyDocumentRequests({ access })]);
  const fmt = dateFormat(locale, 'date');
  const docIds = requests.flatMap((r) => r.received.map((x) => x.documentId));
  const urls = await Promise.all(docIds.map((documentId) => documentViewUrl({ access, input: { documentId, variant: 'thumb' } }).catch(() => null)));
  const thumb = Object.fromEntries(docIds.map((id, i) => [id, urls[i]]));
  const messages = clientMessages(t);
  return (
    <div className="space-y-4">
      <section className="rounded-2xl bg-white p-5 shadow-sm">
        <h1 className="text-xl font-semibold">{t('cases.requests.title')}</h1>
        <p className="mt-1 text-sm text-slate-600">{requests.length ? t('cases.requests.intro') : t('cases.requests.none')}</p>
      </section>
      <ul className="space-y-4" data-testid="requests">
        {requests.map((r) => (
          <li key={r.id} className="rounded-2xl bg-white p-5 shadow-sm" data-testid={`request-${r.id}`}>
            <div className="flex items-baseline justify-between gap-2 text-xs">
              <span className="text-slate-500">{t('cases.requests.requestedAt', { date: fmt.format(r.requestedAt) })}</span>
              <span className={r.received.length ? 'text-emerald-700' : 'text-violet-700'}>
                {r.received.length ? t('cases.requests.received', { n: r.received.length }) : t('cases.requests.waiting')}
              </span>
            </div>
            <p className="mt-2 whitespace-pre-wrap text-base">{r.what}</p>
            {r.received.length > 0 && (
              <ul className="mt-3 flex flex-wrap gap-2">
                {r.received.map((x) => (
                  <li key={x.documentId} className="h-20 w-20 overflow-hidden rounded-lg bg-slate-100">
                    {thumb[x.documentId] && (
                      // eslint-disable-next-line @next/next/no-img-element
                      <img src={thumb[x.documentId]!} alt={t('cases.evidenceAlt')} className="h-full w-full object-cover" />
                    )}
                  </li>
                ))}
              </ul>
            )}
            <EvidenceUpload
              requestId={r.id}
              messages={messages}
              answered={r.received.length > 0}
              actions={{ start: startEvidenceUploadAction, attach: attachEvidenceAction }}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}
