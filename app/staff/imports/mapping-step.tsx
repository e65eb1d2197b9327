import Link from 'next/link';
import type { T } from '@/lib/i18n';
import type { ImportPreview } from '@/lib/server/imports/preview-import';
import { runImportAction } from './actions';
import { DELIMITER_KEY } from './format';
import { SubmitButton } from './submit-button';
import { keyIn } from '@/lib/i18n';

/**
 * Step 2: how the file was read (format, encoding), the suggested field ← column mapping as plain
 * selects (no client code needed), and the first rows with ID numbers masked.
 */
export function MappingStep({
  t,
  preview,
  uploadId,
  fileName,
  badFields,
}: {
  t: T;
  preview: ImportPreview;
  uploadId: string;
  fileName: string;
  badFields: Set<string>;
}) {
  const facts: [string, string][] = [
    [t('imports.mappingStep.file'), fileName],
    [t('imports.upload.kind'), t(`imports.kinds.${preview.kind}`)],
    [t('imports.mappingStep.format'), t(`imports.formats.${preview.format}`)],
  ];
  if (preview.encoding) facts.push([t('imports.mappingStep.encoding'), t(`imports.encodings.${preview.encoding}`)]);
  if (preview.delimiter) facts.push([t('imports.mappingStep.delimiter'), t(keyIn('imports.delimiters', DELIMITER_KEY[preview.delimiter] ?? 'comma'))]);
  const required = new Set<string>(preview.required);
  return (
    <section className="space-y-4" aria-labelledby="mapping-title">
      <h2 id="mapping-title" className="text-lg font-semibold">
        {t('imports.mappingStep.title')}
      </h2>
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm" data-testid="import-facts">
        {facts.map(([k, v]) => (
          <div key={k} className="flex gap-2">
            <dt className="text-slate-500">{k}</dt>
            <dd className="font-medium">{v}</dd>
          </div>
        ))}
      </dl>
      <p className="text-sm text-slate-600">{t('imports.mappingStep.intro')}</p>
      <form action={runImportAction} className="space-y-4">
        <input type="hidden" name="uploadId" value={uploadId} />
        <div className="grid gap-x-6 gap-y-2 rounded-2xl bg-white p-4 shadow-sm md:grid-cols-2" data-testid="import-mapping">
          {preview.fields.map((f) => (
            <label key={f} className="flex items-center justify-between gap-3 text-sm">
              <span>
                {t(`imports.fields.${f}`)}
                {required.has(f) && <span className="ml-1 text-xs text-red-700">*{t('imports.mappingStep.required')}</span>}
              </span>
              <select
                name={`map.${f}`}
                defaultValue={preview.suggested[f] ?? ''}
                aria-invalid={badFields.has(f) || undefined}
                className={`tap w-48 shrink-0 rounded-lg border px-2 ${badFields.has(f) ? 'border-red-600 bg-red-50' : 'border-slate-300'}`}
              >
                <option value="">{t('imports.mappingStep.notInFile')}</option>
                {preview.headers.map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton label={t('imports.mappingStep.run')} pendingLabel={t('imports.mappingStep.running')} />
          <Link href="/staff/imports" className="tap inline-flex items-center rounded-lg px-3 text-sm text-slate-600 hover:bg-slate-100">
            {t('imports.mappingStep.cancel')}
          </Link>
        </div>
      </form>
      <div>
        <h3 className="text-sm font-medium">{t('imports.mappingStep.preview', { n: preview.rows.length })}</h3>
        <p className="text-xs text-slate-500">{t('imports.mappingStep.previewNote')}</p>
        <div tabIndex={0} className="mt-2 max-h-96 overflow-auto rounded-2xl bg-white shadow-sm focus-visible:outline-2 focus-visible:outline-brand-600">
          <table className="text-left text-xs" data-testid="import-preview">
            <thead className="sticky top-0 bg-slate-50 text-slate-500">
              <tr>
                <th className="px-2 py-1 font-medium">{t('imports.result.row')}</th>
                {preview.headers.map((h) => (
                  <th key={h} className="whitespace-nowrap px-2 py-1 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr key={r.rowNumber} className="border-t border-slate-100">
                  <td className="px-2 py-1 tabular-nums text-slate-500">{r.rowNumber}</td>
                  {preview.headers.map((h) => (
                    <td key={h} className="whitespace-nowrap px-2 py-1">
                      {r.values[h]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
