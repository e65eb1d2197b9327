import type { ReactNode } from 'react';

/** Props every input of the form carries so that a screen reader hears its help and its error. */
export interface FieldAria {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
  'aria-required'?: true;
}

export interface FieldProps {
  name: string;
  label: string;
  /** the "required"/"optional" words, already translated */
  marks: { required: string; optional: string };
  required?: boolean;
  help?: string;
  /** a line about the value itself, e.g. the normalized ID number */
  hint?: string;
  error?: string;
  note?: ReactNode;
  children: (aria: FieldAria) => ReactNode;
}

// 16px text: iOS zooms the page into any smaller input on focus. 48px tall: over the 44px minimum.
export function inputClass(invalid: boolean): string {
  return `block w-full min-h-12 rounded-xl border bg-white px-3 text-base text-slate-900 shadow-sm outline-none focus:ring-2 ${
    invalid ? 'border-red-500 focus:ring-red-200' : 'border-slate-300 focus:border-brand-600 focus:ring-brand-100'
  }`;
}

export function fieldAria(name: string, { help, hint, error, required }: { help?: string; hint?: string; error?: string; required?: boolean }): FieldAria {
  const describedBy = [help && `${name}-help`, hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(' ');
  return {
    id: name,
    ...(error ? { 'aria-invalid': true as const } : {}),
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    ...(required ? { 'aria-required': true as const } : {}),
  };
}

function Label({
  htmlFor,
  label,
  required,
  marks,
  as = 'label',
}: {
  htmlFor?: string;
  label: string;
  required?: boolean;
  marks: FieldProps['marks'];
  as?: 'label' | 'legend';
}) {
  const Tag = as;
  return (
    <Tag {...(as === 'label' ? { htmlFor } : {})} className="block text-base font-medium text-slate-800">
      {label}
      {required ? (
        <span className="ml-0.5 text-red-600" title={marks.required}>
          *<span className="sr-only">{marks.required}</span>
        </span>
      ) : (
        <span className="ml-1 text-sm font-normal text-slate-500">({marks.optional})</span>
      )}
    </Tag>
  );
}

function Messages({ name, hint, error, note }: Pick<FieldProps, 'name' | 'hint' | 'error' | 'note'>) {
  return (
    <>
      {note}
      {hint && (
        <p id={`${name}-hint`} className="text-sm text-slate-600" data-testid={`${name}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p id={`${name}-error`} className="text-sm font-medium text-red-700" data-testid={`${name}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

/** Label, help under it (above the input, where the keyboard does not hide it), input, then hint and error. */
export function Field({ name, label, marks, required, help, hint, error, note, children }: FieldProps) {
  return (
    <div className="space-y-1.5">
      <Label htmlFor={name} label={label} required={required} marks={marks} />
      {help && (
        <p id={`${name}-help`} className="text-sm text-slate-500">
          {help}
        </p>
      )}
      {children(fieldAria(name, { help, hint, error, required }))}
      <Messages name={name} hint={hint} error={error} note={note} />
    </div>
  );
}

/** A group of radio buttons (fieldset + legend) with the same help/error wiring as Field. */
export function ChoiceField({ name, label, marks, required, help, error, note, children }: FieldProps) {
  const aria = fieldAria(name, { help, error, required });
  return (
    <fieldset className="space-y-1.5">
      <Label as="legend" label={label} required={required} marks={marks} />
      {help && (
        <p id={`${name}-help`} className="text-sm text-slate-500">
          {help}
        </p>
      )}
      {children(aria)}
      <Messages name={name} error={error} note={note} />
    </fieldset>
  );
}

/** A field that was not returned: its value is shown, the server keeps the previous version's. */
export function ReadOnlyField({ name, label, value, caption, error }: { name: string; label: string; value: string; caption: string; error?: string }) {
  return (
    <div className="space-y-1" data-testid={`${name}-readonly`}>
      <p className="text-sm text-slate-500">{label}</p>
      <p className="min-h-6 break-all text-base text-slate-900">{value || '—'}</p>
      <p className="text-xs text-slate-500">{caption}</p>
      {error && (
        <p id={`${name}-error`} className="text-sm font-medium text-red-700" data-testid={`${name}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
