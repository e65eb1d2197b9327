import { redirect } from 'next/navigation';
import { isStaff } from '@/lib/server/auth/access';
import { getAccess, getCtx } from '@/lib/server/auth/session';

export const dynamic = 'force-dynamic';

/** Sends each person to where they work: students to their phone home, staff to the workspace. */
export default async function Root() {
  const ctx = await getCtx();
  if (!ctx.userId) redirect('/signin');
  const access = await getAccess();
  if (!access) redirect('/signin?error=AccountDisabled');
  if (access.grants.length && access.grants.every((g) => g.role === 'office')) redirect('/office');
  // A counsellor has a phone page of their own; other roles work in the staff workspace.
  if (access.grants.length && access.grants.every((g) => g.role === 'counsellor')) redirect('/counsellor');
  if (isStaff(access)) redirect('/staff');
  if (access.student) redirect('/home');
  redirect('/no-access');
}
