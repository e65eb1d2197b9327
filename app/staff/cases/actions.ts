'use server';
import { redirect } from 'next/navigation';
import { filterQuery, parseCaseFilters } from '@/lib/domain/case-filters';
import { IDENTITY_FIELDS } from '@/lib/schemas/identity';
import { getAccess } from '@/lib/server/auth/session';
import { addCaseNote } from '@/lib/server/cases/add-note';
import { assignCase } from '@/lib/server/cases/assign';
import { closeCase } from '@/lib/server/cases/close-case';
import { logCaseContact } from '@/lib/server/cases/log-contact';
import { requestCaseDocuments } from '@/lib/server/cases/request-documents';
import { setLegalConsultation } from '@/lib/server/cases/set-legal-consultation';
import { setCaseStatus } from '@/lib/server/cases/set-status';
import { runAction } from '@/lib/server/action';

// Thin adapters: read the form, call one verb, come back to the case with a message key. The
// verbs check the role, parse the input and the revision themselves; nothing here is trusted.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const str = (f: FormData, k: string) => String(f.get(k) ?? '');
const revision = (f: FormData) => Number.parseInt(str(f, 'revision'), 10);
const idempotencyKey = (f: FormData) => str(f, 'idempotencyKey') || undefined;

async function act(f: FormData, what: string, fn: (caseId: string) => Promise<unknown>): Promise<never> {
  const caseId = str(f, 'caseId');
  const r = await runAction(`case ${what}`, async () => fn(caseId), { input: f });
  const err = r.ok ? null : r.error;
  // The list's filters ride along in a hidden field so the left column stays as it was.
  const filters = parseCaseFilters(Object.fromEntries(new URLSearchParams(str(f, 'list'))));
  if (!UUID.test(caseId)) redirect(`/staff/cases${filterQuery(filters, err ? { err } : {})}`);
  redirect(`/staff/cases/${caseId}${filterQuery(filters, err ? { err } : { ok: `cases.done.${what}` })}#case-result`);
}

export async function addNoteAction(f: FormData): Promise<void> {
  await act(f, 'note', async (caseId) =>
    addCaseNote({ access: await getAccess(), input: { caseId, body: str(f, 'body'), idempotencyKey: idempotencyKey(f) } }),
  );
}

export async function logContactAction(f: FormData): Promise<void> {
  await act(f, 'contact', async (caseId) =>
    logCaseContact({
      access: await getAccess(),
      input: { caseId, channel: str(f, 'channel') as never, summary: str(f, 'summary'), idempotencyKey: idempotencyKey(f) },
    }),
  );
}

export async function requestDocumentsAction(f: FormData): Promise<void> {
  await act(f, 'request', async (caseId) =>
    requestCaseDocuments({ access: await getAccess(), input: { caseId, revision: revision(f), what: str(f, 'what') } }),
  );
}

export async function setStatusAction(f: FormData): Promise<void> {
  await act(f, 'status', async (caseId) =>
    setCaseStatus({ access: await getAccess(), input: { caseId, revision: revision(f), status: str(f, 'status') as never, note: str(f, 'note') } }),
  );
}

export async function assignAction(f: FormData): Promise<void> {
  await act(f, 'assign', async (caseId) =>
    assignCase({ access: await getAccess(), input: { caseId, revision: revision(f), assigneeId: str(f, 'assigneeId') || null } }),
  );
}

export async function setLegalAction(f: FormData): Promise<void> {
  await act(f, 'legal', async (caseId) =>
    setLegalConsultation({ access: await getAccess(), input: { caseId, revision: revision(f), flag: str(f, 'flag') === 'true', note: str(f, 'note') } }),
  );
}

const PHOTO_TARGETS = ['id_front', 'id_back', 'passport_data'];

export async function closeCaseAction(f: FormData): Promise<void> {
  // One select per item to correct, named corr:<target>; an empty value means "nothing to correct".
  const targets = [...IDENTITY_FIELDS.map((k) => `field:${k}`), ...PHOTO_TARGETS.map((k) => `document:${k}`)];
  const corrections = targets.filter((target) => str(f, `corr:${target}`)).map((target) => ({ target, code: str(f, `corr:${target}`) }));
  await act(f, 'close', async (caseId) =>
    closeCase({
      access: await getAccess(),
      input: {
        caseId,
        revision: revision(f),
        outcome: (str(f, 'outcome') || undefined) as never,
        reason: str(f, 'reason'),
        survivorStudentId: str(f, 'survivorStudentId') || undefined,
        corrections: corrections as never,
        studentComment: str(f, 'studentComment') || undefined,
      },
    }),
  );
}
