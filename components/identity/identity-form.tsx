'use client';
import { useRouter } from 'next/navigation';
import { type BaseSyntheticEvent, useCallback, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useDeviceOwner } from '@/lib/client/device/owner';
import { visibleSummary } from '@/lib/domain/form-errors';
import { attemptKey, clearAttemptKey } from '@/lib/client/idempotency';
import { queueIdentity } from '@/lib/client/outbox/store';
import { clientT, formatMessage, type ClientMessages } from '@/lib/client/t';
import { LATIN_NAME_REQUIRED, REQUIRED_PHOTOS, type PhotoKind } from '@/lib/identity/documents';
import { ETHNICITIES } from '@/lib/identity/ethnicity';
import { ID_DOCUMENT_TYPES, normalizeIdInput, SEXES, type IdDocumentType } from '@/lib/identity/id-number';
import type { TIdentityForm } from '@/lib/schemas/identity';
import { ChoiceField, Field, inputClass, ReadOnlyField } from './fields';
import { useIdentityResolver } from './lazy-resolver';
import { PhotoTile } from './photo-capture';
import { SubmitBar, type Banner } from './submit-bar';
import type { FormValues, IdentityActions, IdentityField, ReturnNote, UploadedPhoto } from './types';
import { useAutosave } from './use-autosave';
import { focusPhoto, usePhotos } from './use-photos';

const FIELD_ORDER: IdentityField[] = ['legalName', 'latinName', 'sex', 'birthDate', 'ethnicity', 'idType', 'idNumber', 'idIssuingCountry', 'phone', 'email'];

export interface IdentityFormProps {
  locale: 'zh-CN' | 'en';
  messages: ClientMessages;
  /** the student's id: names the device draft and the pending idempotency key */
  scope: string;
  initial: FormValues;
  /** ms: a device draft older than this (server draft, last submission or return) is stale */
  baselineAt: number;
  /** null on a first submission; after a return, only the returned fields */
  editable: IdentityField[] | null;
  idNumberMask: string | null;
  /** returned items by 'legalName' / 'photo:id_front' */
  notes: Partial<Record<string, ReturnNote>>;
  photos: Partial<Record<PhotoKind, UploadedPhoto>>;
  /** returned photos: must be replaced before submitting */
  retake: PhotoKind[];
  /** the page's server actions */
  actions: IdentityActions;
  /** minted by the server for this rendering: the plain form post's idempotency key */
  formKey: string;
  /** this request's CSP nonce, for the one inline script (disable until ready) */
  nonce?: string;
}

const FIELDSET_ID = 'identity-fields';
const GATE_ID = 'identity-gate';
const noSubscribe = () => () => {};
// Shows the shield, marks the form busy, and drops keys and typed or pasted text aimed at the
// fields while the shield is up (Tab still moves on). Runs once, as the form is parsed.
const GATE_SCRIPT = `(function(){var g=document.getElementById(${JSON.stringify(GATE_ID)}),f=document.currentScript.closest('form');g.hidden=false;f.setAttribute('aria-busy','true');function d(e){var x=document.getElementById(${JSON.stringify(GATE_ID)});if(x&&!x.hidden&&!(e.type==='keydown'&&e.key==='Tab'))e.preventDefault()}['keydown','beforeinput','paste','drop'].forEach(function(t){f.addEventListener(t,d,true)})})()`;

export function IdentityForm(props: IdentityFormProps) {
  const { locale, scope, editable, notes, idNumberMask } = props;
  const t = useMemo(() => clientT(props.messages), [props.messages]);
  const router = useRouter();
  const canEdit = useCallback((f: IdentityField) => editable === null || editable.includes(f), [editable]);

  const resolver = useIdentityResolver(canEdit);
  const form = useForm<FormValues>({ defaultValues: props.initial, resolver, mode: 'onTouched', reValidateMode: 'onChange', shouldFocusError: true });
  const { register, handleSubmit, setError, formState, control } = form;
  const { errors, isSubmitting } = formState;
  // False in the server render and while hydrating, true after: see the fieldset below.
  const hydrated = useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
  const { status, finish, ready } = useAutosave(form, { storageKey: `identity:${scope}`, baselineAt: props.baselineAt, saveDraft: props.actions.saveDraft });

  const {
    photos,
    retake,
    errors: photoErrors,
    setErrors: setPhotoErrors,
    busy: photosBusy,
    onUploaded,
    onBusy,
    onRefused,
    missing: missingOf,
    queued: photosQueued,
  } = usePhotos(props.photos, props.retake);
  const owner = useDeviceOwner();
  const [banner, setBanner] = useState<Banner>(null);
  const sending = useRef(false);

  const idType = useWatch({ control, name: 'idType' }) as IdDocumentType | '';
  const idNumber = useWatch({ control, name: 'idNumber' });
  const kinds: readonly PhotoKind[] = idType ? REQUIRED_PHOTOS[idType] : [];
  const latinRequired = !!idType && LATIN_NAME_REQUIRED.has(idType);

  const missingPhotos = () => missingOf(kinds);

  async function onValid(values: FormValues) {
    if (sending.current) return; // a second tap while the first is on its way
    const missing = missingPhotos();
    setPhotoErrors(missing);
    const firstMissing = kinds.find((k) => missing[k]);
    if (firstMissing) {
      setBanner({ kind: 'error', message: missing[firstMissing] === 'photo.errors.retake' ? 'identity.errors.retakePhotos' : 'identity.errors.photosMissing' });
      return focusPhoto(firstMissing);
    }
    sending.current = true;
    setBanner(null);
    try {
      // The same key until this attempt succeeds: a retry after a lost answer is not a second version.
      const key = attemptKey(`identity:${scope}`);
      // No network, or photos still on the phone: the outbox sends the photos, then this, once.
      const queue = async () => {
        if (!owner) return false;
        try {
          await queueIdentity(owner, { form: values, scope: `identity:${scope}`, idempotencyKey: key });
        } catch {
          return false; // no IndexedDB here: the student retries by hand
        }
        setBanner({ kind: 'queued' });
        return true;
      };
      if ((navigator.onLine === false || photosQueued) && (await queue())) return;
      let result;
      try {
        result = await props.actions.submit({ form: values as TIdentityForm, idempotencyKey: key });
      } catch {
        // Offline now: the outbox takes it. Online but no answer (it may have arrived): the student
        // retries with the same key, and the server answers with the version it already has.
        if (navigator.onLine === false && (await queue())) return;
        return setBanner({ kind: 'network' });
      }
      if (result.ok) {
        clearAttemptKey(`identity:${scope}`);
        await finish();
        router.replace('/home');
        return;
      }
      const fieldErrors = result.fieldErrors ?? {};
      const fieldKeys = FIELD_ORDER.filter((f) => fieldErrors[f]);
      fieldKeys.forEach((f, i) => setError(f, { type: 'server', message: fieldErrors[f] }, { shouldFocus: i === 0 && canEdit(f) }));
      const fromServer: Partial<Record<PhotoKind, string>> = {};
      for (const [k, m] of Object.entries(fieldErrors)) if (k.startsWith('photo:')) fromServer[k.slice(6) as PhotoKind] = m;
      setPhotoErrors(fromServer);
      setBanner({ kind: 'error', message: result.error });
      const firstPhoto = kinds.find((k) => fromServer[k]);
      if (!fieldKeys.length && firstPhoto) focusPhoto(firstPhoto);
    } finally {
      sending.current = false;
    }
  }

  function onInvalid() {
    // Fields first (react-hook-form focuses the first one); missing photos are marked as well.
    setPhotoErrors(missingPhotos());
    setBanner({ kind: 'error', message: 'identity.errors.fixFields' });
  }

  // Built at the event, not during render: onValid reads the `sending` ref.
  const submit = (e?: BaseSyntheticEvent) => handleSubmit(onValid, onInvalid)(e);
  // "Some items need changing" goes away as soon as nothing is marked any more.
  const liveBanner: Banner =
    banner?.kind === 'error'
      ? visibleSummary(banner.message, {
          ...Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v?.message])),
          ...Object.fromEntries(Object.entries(photoErrors).map(([k, v]) => [`photo:${k}`, v])),
        })
        ? banner
        : null
      : banner;
  const marks = { required: t('identity.required'), optional: t('identity.optional') };
  const sexName = (v: string) => (v === 'male' || v === 'female' ? t(`identity.fields.sex.${v}`) : v);
  const err = (f: IdentityField) => {
    const m = errors[f]?.message;
    return m ? formatMessage(t, m, (_name, v) => (f === 'sex' ? sexName(v) : v)) : undefined;
  };
  const note = (f: IdentityField) => {
    const n = notes[f];
    return n ? (
      <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
        {t('identity.returned.reason', { reason: n.reason })}
        {n.comment && <span className="block">{t('identity.returned.comment', { comment: n.comment })}</span>}
      </p>
    ) : undefined;
  };
  const readOnly = (f: IdentityField, label: string, value: string) => (
    <>
      <ReadOnlyField name={f} label={label} value={value} caption={t('identity.returned.readOnly')} error={err(f)} />
      {/* posted as it is by the plain form (without JavaScript); the script sends getValues() */}
      <input type="hidden" name={f} value={props.initial[f] ?? ''} />
    </>
  );

  const normalized = normalizeIdInput(idNumber ?? '');
  const idHint = normalized && normalized !== idNumber ? t('identity.fields.idNumber.normalized', { value: normalized }) : undefined;
  const values = form.getValues();
  const section = 'space-y-5 rounded-2xl bg-white p-4 shadow-sm';

  return (
    // Without JavaScript this is a plain multipart form post to /identity/form (photos as file
    // inputs); with it, submit() takes over and the photos go straight to storage.
    <form
      action="/identity/form"
      method="post"
      encType="multipart/form-data"
      onSubmit={submit}
      noValidate
      className="space-y-4"
      data-testid="identity-form"
      aria-busy={hydrated ? !ready : undefined}
      // Rendered in the browser (a client-side navigation, the offline page) the inline script does
      // not run: the same keys are dropped here while the shield shows.
      onKeyDownCapture={(e) => !ready && e.key !== 'Tab' && e.preventDefault()}
      onPasteCapture={(e) => !ready && e.preventDefault()}
      onDropCapture={(e) => !ready && e.preventDefault()}
      data-ready={ready}
    >
      <input type="hidden" name="idempotencyKey" value={props.formKey} />
      {/* Nothing typed before the values are loaded may mix with the old value (typed text was once
          appended to what loaded). A shield over the fields takes the taps until the page is ready,
          and the inline script below drops keys while it shows. The server renders it hidden (a
          phone without JavaScript posts the form as it is); the script shows it where scripts run.
          Not `disabled` on the fieldset: switching its 15 controls back on at once was the page's
          longest task in Lighthouse's Chromium, about one second of blocking time on a simulated
          mid-range phone (decision 139). */}
      <fieldset id={FIELDSET_ID} className="relative m-0 min-w-0 space-y-4 border-0 p-0">
        {!(hydrated && ready) && (
          <div
            id={GATE_ID}
            data-testid="form-gate"
            hidden={!hydrated}
            suppressHydrationWarning
            aria-hidden="true"
            className="absolute inset-0 z-40 cursor-wait rounded-2xl bg-white/50"
          />
        )}
        {/* personal */}
        <section className={section} aria-labelledby="sec-personal">
          <h2 id="sec-personal" className="text-lg font-semibold">
            {t('identity.sections.personal')}
          </h2>
          {canEdit('legalName') ? (
            <Field
              name="legalName"
              label={t('identity.fields.legalName.label')}
              marks={marks}
              required
              help={t('identity.fields.legalName.help')}
              error={err('legalName')}
              note={note('legalName')}
            >
              {(aria) => (
                <input
                  {...aria}
                  {...register('legalName')}
                  defaultValue={props.initial.legalName}
                  type="text"
                  autoComplete="name"
                  className={inputClass(!!errors.legalName)}
                  maxLength={100}
                />
              )}
            </Field>
          ) : (
            readOnly('legalName', t('identity.fields.legalName.label'), values.legalName)
          )}

          {canEdit('latinName') ? (
            <Field
              name="latinName"
              label={t('identity.fields.latinName.label')}
              marks={marks}
              required={latinRequired}
              help={t('identity.fields.latinName.help')}
              error={err('latinName')}
              note={note('latinName')}
            >
              {(aria) => (
                <input
                  {...aria}
                  {...register('latinName')}
                  defaultValue={props.initial.latinName}
                  type="text"
                  autoComplete="off"
                  autoCapitalize="characters"
                  autoCorrect="off"
                  spellCheck={false}
                  lang="en"
                  className={`${inputClass(!!errors.latinName)} uppercase`}
                  maxLength={200}
                />
              )}
            </Field>
          ) : (
            readOnly('latinName', t('identity.fields.latinName.label'), values.latinName)
          )}

          {canEdit('sex') ? (
            <ChoiceField name="sex" label={t('identity.fields.sex.label')} marks={marks} required error={err('sex')} note={note('sex')}>
              {(aria) => (
                <div role="radiogroup" aria-invalid={aria['aria-invalid']} aria-describedby={aria['aria-describedby']} className="grid grid-cols-2 gap-2">
                  {SEXES.map((v, i) => (
                    <label
                      key={v}
                      className={`tap flex cursor-pointer items-center justify-center gap-2 rounded-xl border px-3 text-base has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50 has-[:checked]:font-medium has-[:checked]:text-brand-700 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600 ${errors.sex ? 'border-red-500' : 'border-slate-300'}`}
                    >
                      <input
                        type="radio"
                        value={v}
                        {...register('sex')}
                        defaultChecked={props.initial.sex === v}
                        id={i === 0 ? 'sex' : undefined}
                        className="h-4 w-4 accent-brand-600"
                      />
                      {t(`identity.fields.sex.${v}`)}
                    </label>
                  ))}
                </div>
              )}
            </ChoiceField>
          ) : (
            readOnly('sex', t('identity.fields.sex.label'), sexName(values.sex))
          )}

          {canEdit('birthDate') ? (
            <Field
              name="birthDate"
              label={t('identity.fields.birthDate.label')}
              marks={marks}
              required
              help={t('identity.fields.birthDate.help')}
              error={err('birthDate')}
              note={note('birthDate')}
            >
              {(aria) => (
                <input
                  {...aria}
                  {...register('birthDate')}
                  defaultValue={props.initial.birthDate}
                  type="date"
                  min="1900-01-01"
                  autoComplete="bday"
                  className={inputClass(!!errors.birthDate)}
                />
              )}
            </Field>
          ) : (
            readOnly('birthDate', t('identity.fields.birthDate.label'), values.birthDate)
          )}

          {canEdit('ethnicity') ? (
            <Field name="ethnicity" label={t('identity.fields.ethnicity.label')} marks={marks} required error={err('ethnicity')} note={note('ethnicity')}>
              {(aria) => (
                <select {...aria} {...register('ethnicity')} defaultValue={props.initial.ethnicity} className={inputClass(!!errors.ethnicity)}>
                  <option value="">{t('identity.fields.ethnicity.placeholder')}</option>
                  {ETHNICITIES.map(([code, zh, en]) => (
                    <option key={code} value={code}>
                      {locale === 'zh-CN' ? zh : en}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : (
            readOnly(
              'ethnicity',
              t('identity.fields.ethnicity.label'),
              ETHNICITIES.find(([c]) => c === values.ethnicity)?.[locale === 'zh-CN' ? 1 : 2] ?? values.ethnicity,
            )
          )}
        </section>

        {/* document */}
        <section className={section} aria-labelledby="sec-document">
          <h2 id="sec-document" className="text-lg font-semibold">
            {t('identity.sections.document')}
          </h2>
          {canEdit('idType') ? (
            <Field name="idType" label={t('identity.fields.idType.label')} marks={marks} required error={err('idType')} note={note('idType')}>
              {(aria) => (
                <select {...aria} {...register('idType')} defaultValue={props.initial.idType} className={inputClass(!!errors.idType)}>
                  <option value="">{t('identity.fields.idType.placeholder')}</option>
                  {ID_DOCUMENT_TYPES.map((v) => (
                    <option key={v} value={v}>
                      {t(`identity.idTypes.${v}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : (
            readOnly('idType', t('identity.fields.idType.label'), values.idType ? t(`identity.idTypes.${values.idType}`) : '')
          )}

          {canEdit('idNumber') ? (
            <Field
              name="idNumber"
              label={t('identity.fields.idNumber.label')}
              marks={marks}
              required
              help={idType ? t(`identity.fields.idNumber.help.${idType}`) : undefined}
              hint={idHint}
              error={err('idNumber')}
              note={note('idNumber')}
            >
              {(aria) => (
                <input
                  {...aria}
                  {...register('idNumber')}
                  defaultValue={props.initial.idNumber}
                  type="text"
                  // Only the Taiwan permit is digits alone; the others may end in X or start with letters.
                  inputMode={idType === 'taiwan_permit' ? 'numeric' : 'text'}
                  autoComplete="off"
                  autoCorrect="off"
                  autoCapitalize="characters"
                  spellCheck={false}
                  maxLength={40}
                  className={`${inputClass(!!errors.idNumber)} font-mono tracking-wide`}
                />
              )}
            </Field>
          ) : (
            readOnly('idNumber', t('identity.fields.idNumber.label'), idNumberMask ?? '')
          )}

          {idType === 'passport' &&
            (canEdit('idIssuingCountry') ? (
              <Field
                name="idIssuingCountry"
                label={t('identity.fields.idIssuingCountry.label')}
                marks={marks}
                required
                help={t('identity.fields.idIssuingCountry.help')}
                error={err('idIssuingCountry')}
                note={note('idIssuingCountry')}
              >
                {(aria) => (
                  <input
                    {...aria}
                    {...register('idIssuingCountry')}
                    defaultValue={props.initial.idIssuingCountry}
                    type="text"
                    autoComplete="off"
                    autoCapitalize="characters"
                    autoCorrect="off"
                    spellCheck={false}
                    maxLength={3}
                    className={`${inputClass(!!errors.idIssuingCountry)} uppercase font-mono`}
                  />
                )}
              </Field>
            ) : (
              readOnly('idIssuingCountry', t('identity.fields.idIssuingCountry.label'), values.idIssuingCountry)
            ))}
        </section>

        {/* photos */}
        <section className={section} aria-labelledby="sec-photos">
          <div>
            <h2 id="sec-photos" className="text-lg font-semibold">
              {t('photo.title')}
            </h2>
            <p className="mt-1 text-sm text-slate-500">{kinds.length ? t('photo.intro') : t('photo.chooseType')}</p>
          </div>
          <ul className="space-y-3">
            {kinds.map((k) => (
              <PhotoTile
                key={k}
                kind={k}
                t={t}
                photo={photos[k]}
                error={photoErrors[k]}
                note={notes[`photo:${k}`]}
                mustRetake={retake.has(k)}
                locked={editable !== null && !notes[`photo:${k}`] && !!props.photos[k]}
                onUploaded={onUploaded}
                onBusy={onBusy}
                onRefused={onRefused}
                actions={props.actions}
              />
            ))}
          </ul>
        </section>

        {/* contact */}
        <section className={section} aria-labelledby="sec-contact">
          <h2 id="sec-contact" className="text-lg font-semibold">
            {t('identity.sections.contact')}
          </h2>
          {canEdit('phone') ? (
            <Field
              name="phone"
              label={t('identity.fields.phone.label')}
              marks={marks}
              required
              help={t('identity.fields.phone.help')}
              error={err('phone')}
              note={note('phone')}
            >
              {(aria) => (
                <input
                  {...aria}
                  {...register('phone')}
                  defaultValue={props.initial.phone}
                  type="tel"
                  inputMode="tel"
                  autoComplete="tel"
                  className={inputClass(!!errors.phone)}
                  maxLength={30}
                />
              )}
            </Field>
          ) : (
            readOnly('phone', t('identity.fields.phone.label'), values.phone)
          )}
          {canEdit('email') ? (
            <Field
              name="email"
              label={t('identity.fields.email.label')}
              marks={marks}
              required
              help={t('identity.fields.email.help')}
              error={err('email')}
              note={note('email')}
            >
              {(aria) => (
                <input
                  {...aria}
                  {...register('email')}
                  defaultValue={props.initial.email}
                  type="email"
                  inputMode="email"
                  autoComplete="email"
                  autoCapitalize="none"
                  spellCheck={false}
                  className={inputClass(!!errors.email)}
                  maxLength={254}
                />
              )}
            </Field>
          ) : (
            readOnly('email', t('identity.fields.email.label'), values.email)
          )}
        </section>

        <SubmitBar t={t} banner={liveBanner} status={status} submitting={isSubmitting} photosBusy={photosBusy} onRetry={() => void submit()} />
      </fieldset>
      <script
        nonce={props.nonce}
        suppressHydrationWarning
        dangerouslySetInnerHTML={{
          __html: GATE_SCRIPT,
        }}
      />
    </form>
  );
}
