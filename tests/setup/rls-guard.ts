import { onRlsTransaction } from '../../lib/server/db/rls';

/**
 * In every withRls transaction of every test: the role the verb runs as must be subject to RLS.
 * A superuser or BYPASSRLS role would make every policy test pass vacuously (ourway/auth #35).
 * The count lets tests/db/rls-guard.test.ts prove the hook ran.
 */
export const rlsGuard = { checked: 0 };

onRlsTransaction(async (tx) => {
  const [me] = await tx.query<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>(
    'select rolname, rolsuper, rolbypassrls from pg_roles where rolname = current_user',
  );
  if (!me || me.rolsuper || me.rolbypassrls) {
    throw new Error(`withRls ran as ${me?.rolname ?? 'an unknown role'} (superuser ${me?.rolsuper}, bypassrls ${me?.rolbypassrls}): RLS is not being tested`);
  }
  rlsGuard.checked++;
  (globalThis as { __rlsGuardChecked?: number }).__rlsGuardChecked = rlsGuard.checked;
});
