'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition, type ReactNode } from 'react';
import { useDeviceOwner } from '@/lib/client/device/owner';
import { stillFailing, visibleSummary } from '@/lib/domain/form-errors';
import { attemptKey, clearAttemptKey } from '@/lib/client/idempotency';
import { queueCorrection } from '@/lib/client/outbox/store';
import { formatMessage, type ClientT } from '@/lib/client/t';
import type { TCorrectionInput } from '@/lib/schemas/campaign';
import { EvidenceCapture, type EvidenceActions, type EvidencePhoto } from './evidence-capture';
import type { ActionResult } from './types';

export type Tier = 'self_service' | 'approval' | 'locked';

export interface CorrectionField {
  field: string;
  label: string;
  tier: Tier;
  /** the verified value as the input holds it ('' for none; the ID number is never sent here) */
  original: string;
  /** the verified value as shown (labels for codes, the ID number masked) */
  display: string;
  /** whom to contact, for locked fields (from field_policies) */
  contact: string | null;
}

export interface CorrectionFormProps {
  t: ClientT;
  taskId: string | null;
  fields: CorrectionField[];
  options: Record<'sex' | 'ethnicity' | 'idType', { value: string; label: string }[]>;
  request: (input: TCorrectionInput) => Promise<ActionResult<{ selfServiceApplied: string[]; requestId: string | null }>>;
  evidence: EvidenceActions;
  onCancel: () => void;
  onDone: (message: string) => void;
}

const inputClass = (invalid: boolean) =>
  `block min-h-12 w-full rounded-xl border bg-white px-3 text-base shadow-sm outline-none focus:ring-2 ${invalid ? 'border-red-500 focus:ring-red-200' : 'border-slate-300 focus:border-brand-600 focus:ring-brand-100'}`;

/**
 * "Something is wrong": the student's fields grouped by tier. Contact details change at once;
 * identity fields become one request for a reviewer, with the original beside the new value, a
 * reason and evidence photos; locked fields say whom to contact. Only changed fields are sent.
 */
export function CorrectionForm(p: CorrectionFormProps) {
  const { t } = p;
  const router = useRouter();
  const [pending, start] = useTransition();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(p.fields.map((f) => [f.field, f.field === 'idNumber' ? '' : f.original])),
  );
  const [reason, setReason] = useState('');
  const [photos, setPhotos] = useState<EvidencePhoto[]>([]);
  const [rawErrors, setRawErrors] = useState<Record<string, string>>({});
  const [rawError, setError] = useState<string | null>(null);
  // The values the errors were found on: an item changed since then no longer shows its error.
  const [atError, setAtError] = useState<Record<string, string>>(values);
  const setErrors = (e: Record<string, string>) => {
    setRawErrors(e);
    setAtError(values);
  };
  const errors = stillFailing(rawErrors, {
    evidence: photos.length > 0,
    reason: reason.trim() !== '',
    ...Object.fromEntries(p.fields.map((f) => [f.field, (values[f.field] ?? '') !== (atError[f.field] ?? '')])),
  });
  const error = visibleSummary(rawError, errors);
  const owner = useDeviceOwner();

  const byTier = (tier: Tier) => p.fields.filter((f) => f.tier === tier);
  const changed = (f: CorrectionField) => {
    const v = (values[f.field] ?? '').trim();
    return f.field === 'idNumber' ? v !== '' : v !== f.original;
  };
  const changedFields = p.fields.filter((f) => f.tier !== 'locked' && changed(f));
  const approvalChanged = changedFields.some((f) => f.tier === 'approval');
  const msg = (m: string) => formatMessage(t, m);

  const submit = () =>
    start(async () => {
      setError(null);
      const local: Record<string, string> = {};
      if (!changedFields.length) return setError('corrections.errors.nothingChanged');
      if (approvalChanged && !reason.trim()) local.reason = 'corrections.errors.reason';
      if (approvalChanged && !photos.length) local.evidence = 'corrections.errors.evidenceRequired';
      setErrors(local);
      if (Object.keys(local).length) return setError('corrections.errors.fixFields');
      const input = {
        changes: Object.fromEntries(changedFields.map((f) => [f.field, values[f.field]!.trim()])),
        // Contact details need no justification; the record still says why it changed.
        reason: reason.trim() || t('corrections.form.selfServiceReason'),
        ...(p.taskId ? { taskId: p.taskId } : {}),
      };
      const evidence = approvalChanged ? photos : [];
      // No network, or evidence still on the phone: the outbox sends the photos, then the request.
      const queue = async () => {
        if (!owner) return false;
        try {
          const ready = evidence.filter((ph) => !ph.queued).map((ph) => ph.documentId);
          await queueCorrection(
            owner,
            { ...input, evidenceDocumentIds: ready },
            evidence.filter((ph) => ph.queued).map((ph) => ph.documentId),
          );
        } catch (e) {
          // The phone could not keep it (storage full, private mode): say so below instead.
          console.warn('outbox: could not queue the correction', e);
          return false;
        }
        p.onDone('outbox.queuedCorrection');
        return true;
      };
      if ((navigator.onLine === false || evidence.some((ph) => ph.queued)) && (await queue())) return;
      // One key per submit intent, kept across retries: a retry after a lost answer gets the first one.
      const scope = `correction:${p.taskId ?? 'none'}`;
      let res;
      try {
        res = await p.request({ ...input, idempotencyKey: attemptKey(scope), evidenceDocumentIds: evidence.map((ph) => ph.documentId) });
      } catch {
        if (navigator.onLine === false && (await queue())) return;
        return setError('photo.errors.network');
      }
      // A refusal wrote nothing: the next try is a new attempt. Only `unavailable` may hide a commit.
      if (res.ok || res.code !== 'unavailable') clearAttemptKey(scope);
      if (!res.ok) {
        setErrors(res.fieldErrors ?? {});
        setError(res.error);
        return;
      }
      router.refresh();
      p.onDone(res.data.requestId ? 'corrections.form.submitted' : 'corrections.form.applied');
    });

  const control = (f: CorrectionField): ReactNode => {
    const common = {
      id: `fix-${f.field}`,
      value: values[f.field] ?? '',
      'aria-invalid': errors[f.field] ? (true as const) : undefined,
      'aria-describedby': errors[f.field] ? `fix-${f.field}-error` : undefined,
      'data-testid': `fix-${f.field}`,
    };
    const set = (v: string) => setValues((prev) => ({ ...prev, [f.field]: v }));
    if (f.field === 'sex' || f.field === 'ethnicity' || f.field === 'idType') {
      return (
        <select {...common} onChange={(e) => set(e.target.value)} className={inputClass(!!errors[f.field])}>
          {p.options[f.field].map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    }
    const type = f.field === 'birthDate' ? 'date' : f.field === 'phone' ? 'tel' : f.field === 'email' ? 'email' : 'text';
    return (
      <input
        {...common}
        type={type}
        onChange={(e) => set(e.target.value)}
        className={inputClass(!!errors[f.field])}
        placeholder={f.field === 'idNumber' ? t('corrections.form.idNumberPlaceholder') : undefined}
        autoComplete={f.field === 'phone' ? 'tel' : f.field === 'email' ? 'email' : 'off'}
        inputMode={f.field === 'phone' ? 'tel' : undefined}
      />
    );
  };
  const fieldError = (f: CorrectionField) =>
    errors[f.field] && (
      <p id={`fix-${f.field}-error`} className="mt-1 text-sm text-red-700" data-testid={`fix-${f.field}-error`}>
        {msg(errors[f.field]!)}
      </p>
    );

  const self = byTier('self_service'),
    approval = byTier('approval'),
    locked = byTier('locked');
  return (
    <div className="space-y-4" data-testid="correction-form">
      {self.length > 0 && (
        <section className="space-y-3 rounded-2xl bg-white p-4 shadow-sm" aria-labelledby="fix-self">
          <div>
            <h3 id="fix-self" className="text-base font-semibold">
              {t('corrections.form.selfTitle')}
            </h3>
            <p className="text-sm text-emerald-800">{t('corrections.form.selfNote')}</p>
          </div>
          {self.map((f) => (
            <div key={f.field}>
              <label htmlFor={`fix-${f.field}`} className="text-sm font-medium">
                {f.label}
              </label>
              <div className="mt-1">{control(f)}</div>
              {fieldError(f)}
            </div>
          ))}
        </section>
      )}
      {approval.length > 0 && (
        <section className="space-y-3 rounded-2xl bg-white p-4 shadow-sm" aria-labelledby="fix-approval">
          <div>
            <h3 id="fix-approval" className="text-base font-semibold">
              {t('corrections.form.approvalTitle')}
            </h3>
            <p className="text-sm text-slate-600">{t('corrections.form.approvalNote')}</p>
          </div>
          {approval.map((f) => (
            <div key={f.field} className={`rounded-xl p-2 ${changed(f) ? 'bg-amber-50' : ''}`} data-testid={`approval-${f.field}`}>
              <label htmlFor={`fix-${f.field}`} className="text-sm font-medium">
                {f.label}
              </label>
              <div className="mt-1 grid grid-cols-2 gap-2">
                <div className="min-w-0">
                  <span className="block text-xs text-slate-500">{t('corrections.original')}</span>
                  <span className="block min-h-12 break-all rounded-xl bg-slate-100 px-3 py-3 text-base text-slate-700" data-testid={`orig-${f.field}`}>
                    {f.display}
                  </span>
                </div>
                <div className="min-w-0">
                  <span className="block text-xs text-slate-500">{t('corrections.requested')}</span>
                  {control(f)}
                </div>
              </div>
              {fieldError(f)}
            </div>
          ))}
          <div>
            <label htmlFor="fix-reason" className="text-sm font-medium">
              {t('corrections.form.reason')}
            </label>
            <textarea
              id="fix-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={1000}
              rows={3}
              data-testid="fix-reason"
              placeholder={t('corrections.form.reasonPlaceholder')}
              aria-invalid={errors.reason ? true : undefined}
              className={`${inputClass(!!errors.reason)} mt-1 py-2`}
            />
            {errors.reason && <p className="mt-1 text-sm text-red-700">{msg(errors.reason)}</p>}
          </div>
          <EvidenceCapture t={t} photos={photos} onChange={setPhotos} actions={p.evidence} error={errors.evidence} />
        </section>
      )}
      {locked.length > 0 && (
        <section className="space-y-2 rounded-2xl bg-white p-4 shadow-sm" aria-labelledby="fix-locked">
          <h3 id="fix-locked" className="text-base font-semibold">
            {t('corrections.form.lockedTitle')}
          </h3>
          <dl className="divide-y divide-slate-100">
            {locked.map((f) => (
              <div key={f.field} className="py-2" data-testid={`locked-${f.field}`}>
                <dt className="text-sm text-slate-500">{f.label}</dt>
                <dd className="text-base">{f.display}</dd>
                <dd className="mt-1 text-sm text-slate-600">
                  {f.contact ? t('corrections.form.contact', { contact: f.contact }) : t('corrections.form.contactDefault')}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {error && (
        <p role="alert" className="rounded-xl bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="correction-error">
          {msg(error)}
        </p>
      )}
      <div className="sticky bottom-16 z-10 flex gap-2 rounded-2xl bg-slate-50/95 py-2 backdrop-blur">
        <button type="button" onClick={p.onCancel} className="tap flex-1 rounded-xl border border-slate-300 bg-white px-4 text-base">
          {t('corrections.form.cancel')}
        </button>
        <button
          type="button"
          onClick={submit}
          disabled={pending}
          className="tap flex-[2] rounded-xl bg-brand-600 px-4 text-base font-medium text-white disabled:opacity-60"
          data-testid="correction-submit"
        >
          {pending ? t('corrections.form.submitting') : approvalChanged ? t('corrections.form.submitRequest') : t('corrections.form.save')}
        </button>
      </div>
    </div>
  );
}
