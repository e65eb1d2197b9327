import { useCallback, useEffect } from 'react';
import type { FieldErrors, Resolver } from 'react-hook-form';
import type { FormValues, IdentityField } from './types';

type Validation = typeof import('./validation');
let validation: Promise<Validation> | null = null;

/** The schema chunk (zod + phone metadata, ~80 KB gzipped), fetched once per page load. */
function loadValidation(): Promise<Validation> {
  validation ??= import('./validation').catch((e: unknown) => {
    validation = null; // a dropped connection: try again next time
    throw e;
  });
  return validation;
}

const FIRST_TOUCH = ['pointerdown', 'keydown', 'focusin'] as const;

/**
 * react-hook-form's resolver for the identity form: the server's schema, fetched when the student
 * first touches the page (a tap, a key, a focus) rather than while it loads — parsing it then was
 * the longest task of the page's start on a slow phone. The first check runs at the first blur,
 * seconds later, and waits for the chunk if it is still on its way.
 */
export function useIdentityResolver(canEdit: (f: IdentityField) => boolean): Resolver<FormValues> {
  useEffect(() => {
    const start = () => {
      for (const e of FIRST_TOUCH) window.removeEventListener(e, start, true);
      void loadValidation().catch(() => {});
    };
    for (const e of FIRST_TOUCH) window.addEventListener(e, start, { capture: true, passive: true });
    return () => {
      for (const e of FIRST_TOUCH) window.removeEventListener(e, start, true);
    };
  }, []);

  return useCallback<Resolver<FormValues>>(
    async (values, context, options) => {
      let identityResolver: Validation['identityResolver'];
      try {
        ({ identityResolver } = await loadValidation());
      } catch {
        // The schema could not be fetched (offline): let the server judge on submit.
        return { values, errors: {} };
      }
      const result = await identityResolver(values, context, options);
      // After a return the ID number stays on the server unless it was returned: the browser
      // cannot check what it does not have, and the server merges the previous number in.
      if (!canEdit('idNumber') && !values.idNumber && result.errors.idNumber) {
        const { idNumber: _skip, ...rest } = result.errors;
        return Object.keys(rest).length ? { values: {}, errors: rest as FieldErrors<FormValues> } : { values, errors: {} };
      }
      return result;
    },
    [canEdit],
  );
}
