import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import zhCN from '@/lib/i18n/messages/zh-CN';
import { getT } from '@/lib/i18n/server';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';
import { listImportRuns } from '@/lib/server/imports/list-runs';
import { IMPORT_KINDS } from '@/lib/server/imports/mapping';
import { previewImport, type ImportPreview } from '@/lib/server/imports/preview-import';
import { resolveImportUpload, type ImportUpload } from '@/lib/server/imports/uploads';
import { MESSAGE_KEY } from './format';
import { MappingStep } from './mapping-step';
import { RunsTable } from './runs-table';
import { UploadForm } from './upload-form';
import { keyIn, tKnown, type MessageKey } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('imports.title') };
}

// What the upload form shows in the browser; everything else is rendered here.
const CLIENT_KEYS: MessageKey[] = [
  ...Object.keys(zhCN.imports.upload).map((k) => keyIn('imports.upload', k)),
  ...Object.keys(zhCN.imports.file).map((k) => keyIn('imports.file', k)),
  'imports.errors.input',
  'errors.forbidden',
  'errors.unauthenticated',
  'errors.internal',
];

export default async function ImportsPage({ searchParams }: { searchParams: Promise<{ upload?: string; err?: string; fields?: string }> }) {
  const [access, { t, locale }, sp] = await Promise.all([getAccess(), getT(), searchParams]);
  if (!access || !hasRole(access, 'registrar')) redirect('/staff');
  let error = sp.err && MESSAGE_KEY.test(sp.err) ? sp.err : null;
  let step: { upload: ImportUpload; preview: ImportPreview } | null = null;
  if (sp.upload) {
    try {
      const upload = await resolveImportUpload({ access, input: { uploadId: sp.upload } });
      step = { upload, preview: await previewImport({ access, input: { kind: upload.kind, filePath: upload.path } }) };
    } catch (e) {
      const err = toAppError(e);
      if (err.code === 'internal') console.error('import preview failed', e);
      error = err.userMessage;
    }
  }
  const runs = await listImportRuns({ access, input: { limit: 20 } });
  const badFields = new Set((sp.fields ?? '').split(',').filter(Boolean));
  return (
    <div className="max-w-5xl space-y-6 p-4 md:p-6">
      <header>
        <h1 className="text-2xl font-semibold">{t('imports.title')}</h1>
        <p className="mt-1 text-sm text-slate-600">{t('imports.intro')}</p>
      </header>
      {error && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="import-error">
          {tKnown(t, error)}
        </p>
      )}
      {step ? (
        <MappingStep t={t} preview={step.preview} uploadId={step.upload.uploadId} fileName={step.upload.fileName} badFields={badFields} />
      ) : (
        <section className="rounded-2xl bg-white p-4 shadow-sm" aria-labelledby="upload-title">
          <h2 id="upload-title" className="mb-3 text-lg font-semibold">
            {t('imports.upload.title')}
          </h2>
          <UploadForm
            messages={Object.fromEntries(CLIENT_KEYS.map((k) => [k, t(k)]))}
            kinds={IMPORT_KINDS.map((k) => ({ value: k, label: t(`imports.kinds.${k}`), help: t(`imports.kindHelp.${k}`) }))}
          />
        </section>
      )}
      <section aria-labelledby="runs-title" className="space-y-2">
        <h2 id="runs-title" className="text-lg font-semibold">
          {t('imports.runs.title')}
        </h2>
        <RunsTable runs={runs} t={t} locale={locale} />
      </section>
    </div>
  );
}
