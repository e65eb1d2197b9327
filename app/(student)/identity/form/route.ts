import { randomUUID } from 'node:crypto';
import { PHOTO_KINDS } from '@/lib/identity/documents';
import { IDENTITY_FIELDS, type TIdentityDraft, type TIdentityForm } from '@/lib/schemas/identity';
import { storePhoto } from '@/lib/server/documents/store-photo';
import { toAppError } from '@/lib/server/errors';
import { apiRoute } from '@/lib/server/http/route';
import { saveDraft } from '@/lib/server/identity/save-draft';
import { submitIdentity } from '@/lib/server/identity/submit';

// Under Next's proxy body buffer (10 MB, experimental.proxyClientMaxBodySize): a larger body would
// reach the handler cut short. Two phone photos fit; a bigger post gets a clear 413.
const BODY_LIMIT = 10 * 1024 * 1024 - 64 * 1024;

const back = (req: Request, path: string) => Response.redirect(new URL(path, req.url), 303);

/**
 * The identity form without JavaScript (issue 13 item 3): the same form, posted as
 * multipart/form-data with the photos as file inputs. With JavaScript the page sends the values
 * through its server actions and the photos straight to storage; this route is the form's own
 * `action`, used only when the script did not run. Order: keep what was typed (server draft),
 * store the photos that came with it, then submit with the key the page minted when it rendered
 * the form — a repeated post answers with the version already made.
 */
export const POST = apiRoute(
  { what: 'identity form post', auth: 'session', body: 'form', bodyLimit: BODY_LIMIT, errors: 'text' },
  async ({ req, body, access }) => {
    const fd = body as FormData;
    const text = (k: string) => {
      const v = fd.get(k);
      return typeof v === 'string' ? v : '';
    };
    const form = Object.fromEntries(IDENTITY_FIELDS.map((k) => [k, text(k)])) as Record<string, string>;
    try {
      // Nothing typed is lost, whatever the photos or the validation say next.
      await saveDraft({ access, input: form as TIdentityDraft });
      for (const kind of PHOTO_KINDS) {
        const file = fd.getAll(`photo:${kind}`).find((f): f is File => typeof f !== 'string' && f.size > 0);
        if (!file) continue;
        await storePhoto({ access, input: { kind, contentType: file.type || 'application/octet-stream', bytes: new Uint8Array(await file.arrayBuffer()) } });
      }
      const key = text('idempotencyKey') || randomUUID();
      await submitIdentity({ access, input: { form: form as TIdentityForm, idempotencyKey: key } });
      return back(req, '/home');
    } catch (e) {
      const err = toAppError(e);
      if (err.code === 'unauthenticated' || err.code === 'forbidden') throw e;
      if (err.code === 'internal') console.error('identity form post failed', e);
      const q = new URLSearchParams({ err: err.userMessage });
      const fields = Object.keys(err.fieldErrors ?? {});
      if (fields.length) q.set('fields', fields.join(','));
      return back(req, `/identity?${q}`);
    }
  },
);
