import { randomUUID } from 'node:crypto';
import type { ReactNode } from 'react';
import { addNoteAction, assignAction, closeCaseAction, logContactAction, requestDocumentsAction, setLegalAction, setStatusAction } from '../actions';
import { PHOTO_REASONS, reasonsFor } from '@/lib/identity/reason-codes';
import type { T } from '@/lib/i18n';
import { IDENTITY_FIELDS } from '@/lib/schemas/identity';
import type { CaseDetail } from '@/lib/server/cases/get-case';
import type { AssignableStaff } from '@/lib/server/cases/list-assignable-staff';
import { CASE_OUTCOMES, CONTACT_CHANNELS, STATUS_MOVES } from '@/lib/domain/cases';

const input = 'w-full rounded-lg border border-slate-300 px-3 py-2 text-sm';
const select = 'tap w-full rounded-lg border border-slate-300 bg-white px-2 text-sm';
const button = 'tap rounded-lg bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700';

/** One collapsible form: closed by default so the timeline stays in view on a tablet. */
function Panel({ title, testId, open, children }: { title: string; testId: string; open?: boolean; children: ReactNode }) {
  return (
    <details className="rounded-2xl bg-white shadow-sm" data-testid={testId} open={open}>
      <summary className="tap flex cursor-pointer items-center px-4 text-sm font-medium">{title}</summary>
      <div className="space-y-3 border-t border-slate-100 p-4">{children}</div>
    </details>
  );
}

/** The case id, the revision the page was rendered on, and the list's filters. */
function Hidden({ c, list }: { c: CaseDetail; list: string }) {
  return (
    <>
      <input type="hidden" name="caseId" value={c.id} />
      <input type="hidden" name="revision" value={c.revision} />
      <input type="hidden" name="list" value={list} />
      {/* Minted once per render: a resubmitted form (double click, retry) writes its note once. */}
      <input type="hidden" name="idempotencyKey" value={randomUUID()} />
    </>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="block text-sm">
      <span className="mb-1 block text-slate-600">{label}</span>
      {children}
    </label>
  );
}

/**
 * What staff can do on an open case. Reviewers involved in it only add notes; the rest is the
 * verification office's (the verbs and RLS say the same).
 */
export function CaseForms({ t, c, staff, canManage, list }: { t: T; c: CaseDetail; staff: AssignableStaff[]; canManage: boolean; list: string }) {
  if (c.status === 'closed') return null;
  const moves = STATUS_MOVES[c.status];
  const targets = [
    ...IDENTITY_FIELDS.map((f) => ({ target: `field:${f}`, label: t(`identity.fields.${f}.label`), codes: reasonsFor(`field:${f}`) })),
    ...(['id_front', 'id_back', 'passport_data'] as const).map((k) => ({ target: `document:${k}`, label: t(`photo.kinds.${k}`), codes: PHOTO_REASONS })),
  ];
  return (
    <div className="space-y-3">
      <Panel title={t('cases.forms.note')} testId="form-note">
        <form action={addNoteAction} className="space-y-3">
          <Hidden c={c} list={list} />
          <Field label={t('cases.forms.noteBody')}>
            <textarea name="body" required maxLength={4000} rows={3} className={input} />
          </Field>
          <button type="submit" className={button}>
            {t('cases.forms.submit')}
          </button>
        </form>
      </Panel>
      {canManage && (
        <>
          <Panel title={t('cases.forms.contact')} testId="form-contact">
            <form action={logContactAction} className="space-y-3">
              <Hidden c={c} list={list} />
              <fieldset className="flex flex-wrap gap-3 text-sm">
                <legend className="mb-1 text-slate-600">{t('cases.forms.channel')}</legend>
                {CONTACT_CHANNELS.map((ch, i) => (
                  <label key={ch} className="tap inline-flex items-center gap-2">
                    <input type="radio" name="channel" value={ch} defaultChecked={i === 0} /> {t(`cases.channel.${ch}`)}
                  </label>
                ))}
              </fieldset>
              <Field label={t('cases.forms.summary')}>
                <textarea name="summary" required maxLength={4000} rows={3} className={input} />
              </Field>
              <button type="submit" className={button}>
                {t('cases.forms.submit')}
              </button>
            </form>
          </Panel>
          <Panel title={t('cases.forms.request')} testId="form-request">
            <form action={requestDocumentsAction} className="space-y-3">
              <Hidden c={c} list={list} />
              <Field label={t('cases.forms.requestWhat')}>
                <textarea name="what" required maxLength={1000} rows={3} placeholder={t('cases.forms.requestHint')} className={input} />
              </Field>
              <button type="submit" className={button}>
                {t('cases.forms.submit')}
              </button>
            </form>
          </Panel>
          <Panel title={t('cases.forms.status')} testId="form-status">
            {moves.length === 0 ? (
              <p className="text-sm text-slate-500">{t('cases.forms.noMoves')}</p>
            ) : (
              <form action={setStatusAction} className="space-y-3">
                <Hidden c={c} list={list} />
                <Field label={t('cases.filters.status')}>
                  <select name="status" className={select} required>
                    {moves.map((s) => (
                      <option key={s} value={s}>
                        {t(`cases.status.${s}`)}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label={t('cases.forms.statusNote')}>
                  <textarea name="note" maxLength={2000} rows={2} className={input} />
                </Field>
                <button type="submit" className={button}>
                  {t('cases.forms.submit')}
                </button>
              </form>
            )}
          </Panel>
          <Panel title={t('cases.forms.assign')} testId="form-assign">
            <form action={assignAction} className="space-y-3">
              <Hidden c={c} list={list} />
              <Field label={t('cases.forms.assignTo')}>
                <select name="assigneeId" defaultValue={c.assignee?.id ?? ''} className={select}>
                  <option value="">{t('cases.unassigned')}</option>
                  {staff.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.displayName ?? s.id}
                    </option>
                  ))}
                </select>
              </Field>
              <button type="submit" className={button}>
                {t('cases.forms.submit')}
              </button>
            </form>
          </Panel>
          <Panel title={t('cases.forms.legal')} testId="form-legal">
            <form action={setLegalAction} className="space-y-3">
              <Hidden c={c} list={list} />
              <input type="hidden" name="flag" value={String(!c.legalConsultation)} />
              <Field label={t('cases.forms.legalNote')}>
                <textarea name="note" required maxLength={2000} rows={2} className={input} />
              </Field>
              <button type="submit" className={button}>
                {c.legalConsultation ? t('cases.forms.legalClear') : t('cases.forms.legalSet')}
              </button>
            </form>
          </Panel>
          <Panel title={t('cases.forms.close')} testId="form-close">
            <form action={closeCaseAction} className="space-y-3">
              <Hidden c={c} list={list} />
              <p className="text-xs text-slate-500">{t('cases.forms.closeHelp')}</p>
              <Field label={t('cases.forms.outcome')}>
                <select name="outcome" required defaultValue="" className={select}>
                  <option value="" disabled>
                    {t('cases.forms.choose')}
                  </option>
                  {CASE_OUTCOMES.filter((o) => o !== 'merged' || (c.kind === 'duplicate' && c.relatedStudentId)).map((o) => (
                    <option key={o} value={o}>
                      {t(`cases.outcome.${o}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={t('cases.forms.reason')}>
                <textarea name="reason" required maxLength={2000} rows={3} className={input} />
              </Field>
              {c.kind === 'duplicate' && c.relatedStudentId && (
                <fieldset className="space-y-1 text-sm">
                  <legend className="mb-1 text-slate-600">{t('cases.forms.survivor')}</legend>
                  {[c.student, c.related].map(
                    (s) =>
                      s && (
                        <label key={s.id} className="tap flex items-center gap-2">
                          <input type="radio" name="survivorStudentId" value={s.id} /> {s.name} · <span className="font-mono">{s.studentNumber}</span>
                        </label>
                      ),
                  )}
                </fieldset>
              )}
              {c.student?.record?.state === 'escalated' && (
                <details className="rounded-lg border border-slate-200 p-3 text-sm">
                  <summary className="cursor-pointer text-slate-600">{t('cases.forms.corrections')}</summary>
                  <div className="mt-2 grid gap-2">
                    {targets.map((x) => (
                      <label key={x.target} className="grid grid-cols-[8rem_1fr] items-center gap-2">
                        <span>{x.label}</span>
                        <select name={`corr:${x.target}`} defaultValue="" className={select}>
                          <option value="">{t('cases.forms.noCorrection')}</option>
                          {x.codes.map((code) => (
                            <option key={code} value={code}>
                              {t(`reasons.${code}`)}
                            </option>
                          ))}
                        </select>
                      </label>
                    ))}
                  </div>
                  <div className="mt-3">
                    <Field label={t('cases.forms.studentComment')}>
                      <textarea name="studentComment" maxLength={2000} rows={2} className={input} />
                    </Field>
                  </div>
                </details>
              )}
              <button type="submit" className={button}>
                {t('cases.forms.close')}
              </button>
            </form>
          </Panel>
        </>
      )}
    </div>
  );
}
