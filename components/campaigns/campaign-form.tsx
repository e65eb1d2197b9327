'use client';
import { useActionState } from 'react';
import { clientT, type ClientMessages } from '@/lib/client/t';

export interface CampaignFormState {
  /** bumped on every failed attempt: the form remounts with what was typed */
  attempt: number;
  error: string | null;
  fieldErrors: Record<string, string>;
  values: { name: string; semester: string; opensAt: string; closesAt: string; departmentIds: string[]; cohorts: string[]; sections: string[] } | null;
}

export interface CampaignFormProps {
  action: (prev: CampaignFormState, formData: FormData) => Promise<CampaignFormState>;
  departments: { id: string; label: string }[];
  cohorts: number[];
  sections: { id: string; label: string }[];
  defaults: { opensAt: string; closesAt: string };
  messages: ClientMessages;
}

const input = 'tap block w-full rounded-lg border border-slate-300 bg-white px-3 text-base';
const box = 'tap flex items-center gap-2 rounded-lg border border-slate-200 bg-white px-3 text-sm has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50';

/** The registrar's new-campaign form (tablet). Times are entered and shown in Beijing time. */
export function CampaignForm(p: CampaignFormProps) {
  const t = clientT(p.messages);
  const [state, formAction, pending] = useActionState(p.action, { attempt: 0, error: null, fieldErrors: {}, values: null });
  const v = state.values ?? { name: '', semester: '', ...p.defaults, departmentIds: [], cohorts: [], sections: p.sections.map((s) => s.id) };
  const err = (name: string) =>
    state.fieldErrors[name] && (
      <p id={`${name}-error`} className="mt-1 text-sm text-red-700" data-testid={`${name}-error`}>
        {t(state.fieldErrors[name]!)}
      </p>
    );
  const aria = (name: string) => (state.fieldErrors[name] ? { 'aria-invalid': true as const, 'aria-describedby': `${name}-error` } : {});
  return (
    <form key={state.attempt} action={formAction} className="max-w-3xl space-y-5 rounded-2xl bg-white p-5 shadow-sm" data-testid="campaign-form">
      {state.error && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {t(state.error)}
        </p>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        <label className="block text-sm font-medium">
          {t('campaigns.form.name')}
          <input
            name="name"
            defaultValue={v.name}
            required
            maxLength={100}
            className={`${input} mt-1`}
            placeholder={t('campaigns.form.namePlaceholder')}
            {...aria('name')}
          />
          {err('name')}
        </label>
        <label className="block text-sm font-medium">
          {t('campaigns.form.semester')}
          <input
            name="semester"
            defaultValue={v.semester}
            required
            maxLength={50}
            className={`${input} mt-1`}
            placeholder={t('campaigns.form.semesterPlaceholder')}
            {...aria('semester')}
          />
          {err('semester')}
        </label>
        <label className="block text-sm font-medium">
          {t('campaigns.form.opensAt')}
          <input type="datetime-local" name="opensAt" defaultValue={v.opensAt} required className={`${input} mt-1`} {...aria('opensAt')} />
          {err('opensAt')}
        </label>
        <label className="block text-sm font-medium">
          {t('campaigns.form.closesAt')}
          <input type="datetime-local" name="closesAt" defaultValue={v.closesAt} required className={`${input} mt-1`} {...aria('closesAt')} />
          {err('closesAt')}
        </label>
      </div>
      <p className="text-xs text-slate-500">{t('campaigns.form.timezone')}</p>
      <fieldset>
        <legend className="text-sm font-medium">{t('campaigns.form.departments')}</legend>
        <p className="text-xs text-slate-500">{t('campaigns.form.emptyMeansAll')}</p>
        <div className="mt-2 grid gap-2 md:grid-cols-3">
          {p.departments.map((d) => (
            <label key={d.id} className={box}>
              <input type="checkbox" name="departmentIds" value={d.id} defaultChecked={v.departmentIds.includes(d.id)} className="h-5 w-5" />
              {d.label}
            </label>
          ))}
        </div>
        {err('departmentIds')}
      </fieldset>
      <fieldset>
        <legend className="text-sm font-medium">{t('campaigns.form.cohorts')}</legend>
        <p className="text-xs text-slate-500">{t('campaigns.form.emptyMeansAll')}</p>
        <div className="mt-2 flex flex-wrap gap-2">
          {p.cohorts.map((c) => (
            <label key={c} className={box}>
              <input type="checkbox" name="cohorts" value={c} defaultChecked={v.cohorts.includes(String(c))} className="h-5 w-5" />
              {t('campaigns.cohortValue', { cohort: c })}
            </label>
          ))}
        </div>
        {err('cohorts')}
      </fieldset>
      <fieldset>
        <legend className="text-sm font-medium">{t('campaigns.form.sections')}</legend>
        <p className="text-xs text-slate-500">{t('campaigns.form.sectionsHint')}</p>
        <div className="mt-2 flex flex-wrap gap-2">
          {p.sections.map((s) => (
            <label key={s.id} className={box}>
              <input type="checkbox" name="sections" value={s.id} defaultChecked={v.sections.includes(s.id)} className="h-5 w-5" />
              {s.label}
            </label>
          ))}
        </div>
        {err('sections')}
      </fieldset>
      <div className="flex justify-end">
        <button
          type="submit"
          disabled={pending}
          className="tap rounded-lg bg-brand-600 px-5 text-base font-medium text-white disabled:opacity-50"
          data-testid="campaign-create"
        >
          {pending ? t('campaigns.form.creating') : t('campaigns.form.create')}
        </button>
      </div>
    </form>
  );
}
