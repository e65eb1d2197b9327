'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { attemptKey, clearAttemptKey } from '@/lib/client/idempotency';
import { clientT, type ClientMessages } from '@/lib/client/t';
import { CorrectionForm, type CorrectionFormProps } from './correction-form';
import type { ActionResult } from './types';

export interface ConfirmSection {
  id: string;
  title: string;
  rows: { field: string; label: string; value: string }[];
}

export interface ConfirmTaskProps {
  taskId: string;
  sections: ConfirmSection[];
  opened: string[];
  /** pending, in an open campaign, with a verified record: "all correct" may be pressed */
  canConfirm: boolean;
  /** "something is wrong" is offered (the campaign is open) */
  canCorrect: boolean;
  messages: ClientMessages;
  openSection: (input: { taskId: string; section: string }) => Promise<ActionResult<string[]>>;
  /** the same two steps as plain form posts (server actions), for a phone without JavaScript */
  forms: { openSection: (formData: FormData) => Promise<void>; confirm: (formData: FormData) => Promise<void> };
  /** the section the page was asked to show expanded (?open=, after a form post) */
  initialExpanded?: string | null;
  correction: Omit<CorrectionFormProps, 't' | 'onCancel' | 'onDone'>;
}

/**
 * The confirmation itself (phone): every section must be opened — and so seen — before
 * "all correct" is enabled; the server refuses a confirmation with an unopened section anyway.
 * The confirmation goes to POST /api/v1/confirm, the endpoint that is load-tested.
 *
 * Both steps are also forms posting to server actions, so they work before the bundle has loaded
 * or with JavaScript off (decision 085); with JavaScript the click handlers take over.
 */
export function ConfirmTask(p: ConfirmTaskProps) {
  const t = clientT(p.messages);
  const router = useRouter();
  const [opened, setOpened] = useState<string[]>(p.opened);
  const [expanded, setExpanded] = useState<string | null>(p.initialExpanded ?? null);
  const [correcting, setCorrecting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const allOpened = p.sections.every((s) => opened.includes(s.id));

  const toggle = (id: string) => {
    setExpanded((cur) => (cur === id ? null : id));
    if (opened.includes(id)) return;
    setOpened((prev) => [...prev, id]);
    void p.openSection({ taskId: p.taskId, section: id }).then((res) => {
      if (res.ok) return setOpened(res.data);
      setOpened((prev) => prev.filter((s) => s !== id));
      setError(res.error);
    });
  };

  const confirm = () =>
    start(async () => {
      setError(null);
      try {
        const scope = `confirm:${p.taskId}`;
        const res = await fetch('/api/v1/confirm', {
          method: 'POST',
          // Kept across retries until answered: a confirmation whose reply was lost is not repeated.
          headers: { 'content-type': 'application/json', 'idempotency-key': attemptKey(scope) },
          body: JSON.stringify({ taskId: p.taskId }),
        });
        const body = (await res.json().catch(() => ({}))) as { error?: string; fieldErrors?: Record<string, string> };
        // A refusal (4xx) wrote nothing, so the next try is a new attempt; after a 5xx the write may
        // have committed with its answer lost, so the key is kept for the retry.
        if (res.status < 500) clearAttemptKey(scope);
        if (!res.ok) {
          // The server knows best which sections it has seen opened.
          if (body.fieldErrors) setOpened((prev) => prev.filter((s) => !body.fieldErrors![s]));
          setError(body.error ?? 'errors.internal');
          return;
        }
        router.refresh();
      } catch {
        setError('confirm.errors.network');
      }
    });

  return (
    <div className="space-y-4">
      {notice && (
        <p role="status" className="rounded-xl bg-emerald-50 px-4 py-3 text-sm text-emerald-900" data-testid="confirm-notice">
          {t(notice)}
        </p>
      )}
      <section className="overflow-hidden rounded-2xl bg-white shadow-sm" aria-label={t('confirm.sectionsTitle')}>
        {p.canConfirm && (
          // A live region: opening a section updates the count, and the last one says what to do next.
          <p role="status" className="border-b border-slate-100 px-4 py-3 text-sm text-slate-600" data-testid="sections-hint" data-all-seen={allOpened}>
            {allOpened
              ? t('confirm.allSeen')
              : t('confirm.openEach', { n: opened.filter((s) => p.sections.some((x) => x.id === s)).length, total: p.sections.length })}
          </p>
        )}
        <ul className="divide-y divide-slate-100">
          {p.sections.map((s) => {
            const isOpen = expanded === s.id;
            const seen = opened.includes(s.id);
            return (
              <li key={s.id} data-testid={`section-${s.id}`} data-seen={seen ? 'true' : 'false'}>
                <form action={p.forms.openSection}>
                  <input type="hidden" name="taskId" value={p.taskId} />
                  <input type="hidden" name="section" value={s.id} />
                  <h2>
                    <button
                      type="submit"
                      onClick={(e) => {
                        e.preventDefault();
                        toggle(s.id);
                      }}
                      aria-expanded={isOpen}
                      aria-controls={`section-${s.id}-body`}
                      className="tap flex w-full items-center justify-between gap-2 px-4 py-3 text-left text-base font-medium"
                      data-testid={`open-${s.id}`}
                    >
                      <span>{s.title}</span>
                      <span className="flex items-center gap-2 text-sm font-normal">
                        {seen ? <span className="text-emerald-700">{t('confirm.seen')}</span> : <span className="text-amber-700">{t('confirm.notSeen')}</span>}
                        <span aria-hidden className={isOpen ? 'inline-block rotate-180' : undefined}>
                          ⌄
                        </span>
                      </span>
                    </button>
                  </h2>
                </form>
                <div id={`section-${s.id}-body`} hidden={!isOpen}>
                  <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 px-4 pb-4 text-sm">
                    {s.rows.map((r) => (
                      <div key={r.field} className="contents">
                        <dt className="text-slate-500">{r.label}</dt>
                        <dd className="break-all text-base" data-testid={`value-${r.field}`}>
                          {r.value}
                        </dd>
                      </div>
                    ))}
                  </dl>
                </div>
              </li>
            );
          })}
        </ul>
      </section>
      {error && (
        <p role="alert" className="rounded-xl bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="confirm-error">
          {t(error)}
        </p>
      )}
      {!correcting && (
        <div className="space-y-2">
          {p.canConfirm && (
            <form action={p.forms.confirm} className="space-y-2">
              <input type="hidden" name="taskId" value={p.taskId} />
              <button
                type="submit"
                onClick={(e) => {
                  e.preventDefault();
                  confirm();
                }}
                disabled={!allOpened || pending}
                data-testid="confirm-all"
                aria-describedby={allOpened ? undefined : 'confirm-why'}
                className="tap flex w-full items-center justify-center rounded-xl bg-emerald-600 px-4 py-3 text-base font-semibold text-white shadow-sm disabled:bg-slate-300 disabled:text-slate-600"
              >
                {pending ? t('confirm.confirming') : t('confirm.allCorrect')}
              </button>
              {!allOpened && (
                <p id="confirm-why" className="text-center text-sm text-slate-500">
                  {t('confirm.openAllFirst')}
                </p>
              )}
            </form>
          )}
          {p.canCorrect && (
            <button
              type="button"
              onClick={() => {
                setCorrecting(true);
                setNotice(null);
              }}
              data-testid="something-wrong"
              className="tap flex w-full items-center justify-center rounded-xl border border-slate-300 bg-white px-4 py-3 text-base font-medium text-slate-800"
            >
              {t('confirm.somethingWrong')}
            </button>
          )}
          {p.canCorrect && (
            <noscript>
              <p className="text-center text-sm text-slate-600">{t('confirm.correctionNeedsJs')}</p>
            </noscript>
          )}
        </div>
      )}
      {correcting && (
        <CorrectionForm
          {...p.correction}
          t={t}
          onCancel={() => setCorrecting(false)}
          onDone={(m) => {
            setCorrecting(false);
            setNotice(m);
          }}
        />
      )}
    </div>
  );
}
