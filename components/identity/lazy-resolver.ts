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

/**
 * react-hook-form's resolver for the identity form: the server's schema, loaded after the form is
 * on screen (prefetched shortly after mount, so it is usually there by the first blur).
 */
export function useIdentityResolver(canEdit: (f: IdentityField) => boolean): Resolver<FormValues> {
  useEffect(() => {
    const id = setTimeout(() => void loadValidation().catch(() => {}), 300);
    return () => clearTimeout(id);
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
