import 'server-only';
import { z } from 'zod';
import { withAdmin } from '../db/admin';
import type { Tx } from '../db/types';
import { createSession, type SessionProvider } from './sessions';

export interface CampusIdentity {
  issuer: string;
  subject: string;
  name: string | null;
  email: string | null;
  affiliation: string | null;
  studentNumber: string | null;
}

const StudentNumber = z.string().regex(/^[A-Za-z0-9]{4,20}$/);

export interface ProvisionResult {
  userId: string;
  linkedStudentId: string | null;
  disabled: boolean;
  /** The server-side session opened for this sign-in (null for a disabled account). */
  sessionId: string | null;
}

/**
 * Runs at each sign-in, before the person has a session, so it uses the admin connection (one of
 * the few places allowed to). Upserts the account by (issuer, subject) and links a student to the
 * roster by the student-number claim — only if that roster row is not already linked to someone
 * else, so a misconfigured IdP cannot hand one student's record to another account.
 */
export async function provisionUser(
  id: CampusIdentity,
  meta: { ip?: string | null; userAgent?: string | null } = {},
  session: { provider: SessionProvider; sessionIndex?: string | null } = { provider: 'campus' },
): Promise<ProvisionResult> {
  return withAdmin(async (tx) => {
    const [user] = await tx.query<{ id: string; disabled: boolean }>(
      `insert into public.app_users (issuer, subject, display_name, email, affiliation, student_number, last_sign_in_at)
       values ($1, $2, $3, $4, $5, $6, now())
       on conflict (issuer, subject) do update set
         display_name = coalesce(excluded.display_name, app_users.display_name),
         email = coalesce(excluded.email, app_users.email),
         affiliation = coalesce(excluded.affiliation, app_users.affiliation),
         student_number = coalesce(excluded.student_number, app_users.student_number),
         last_sign_in_at = now()
       returning id, disabled_at is not null as disabled`,
      [id.issuer, id.subject, id.name, id.email, id.affiliation, id.studentNumber],
    );
    const userId = user!.id;
    let linkedStudentId: string | null = null;
    const sn = StudentNumber.safeParse(id.studentNumber);
    if (sn.success) {
      const [linked] = await tx.query<{ id: string }>(
        `update public.students set user_id = $1
         where student_number = $2 and (user_id is null or user_id = $1)
         returning id`,
        [userId, sn.data],
      );
      linkedStudentId = linked?.id ?? null;
    }
    const sessionId = user!.disabled ? null : await createSession(tx, userId, session.provider, session.sessionIndex ?? null);
    await auditSignIn(tx, userId, linkedStudentId, meta, session.provider);
    return { userId, linkedStudentId, disabled: user!.disabled, sessionId };
  });
}

async function auditSignIn(
  tx: Tx,
  userId: string,
  studentId: string | null,
  meta: { ip?: string | null; userAgent?: string | null },
  provider: SessionProvider,
) {
  // write_audit takes the actor from the claims; set them to the person signing in.
  await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: userId })]);
  await tx.query('select app.write_audit($1, $2, $3, $4, $5::text::jsonb, $6, $7)', [
    'auth.sign_in',
    'app_user',
    userId,
    studentId ? 'student' : null,
    JSON.stringify({ linked_student: studentId, provider }),
    meta.ip ?? null,
    meta.userAgent ?? null,
  ]);
}
