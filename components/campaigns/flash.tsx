import { tKnown, type T } from '@/lib/i18n';

// Only catalog keys of these namespaces are shown: the query string is not trusted to carry text.
const MESSAGE = /^(campaigns|corrections|fields|confirm|review|errors|photo|identity)\.[A-Za-z_.]+$/;

/** The outcome of a server action, carried across its redirect as ?ok= / ?err= (and ?n=). */
export function Flash({ t, ok, err, n }: { t: T; ok?: string; err?: string; n?: string }) {
  const vars = { n: Number(n ?? 0) || 0 };
  return (
    <>
      {ok && MESSAGE.test(ok) && (
        <p role="status" className="rounded-lg bg-green-50 px-3 py-2 text-sm text-green-800" data-testid="flash-ok">
          {tKnown(t, ok, vars)}
        </p>
      )}
      {err && MESSAGE.test(err) && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="flash-err">
          {tKnown(t, err, vars)}
        </p>
      )}
    </>
  );
}
