-- A reviewer's or the registrar's "remind the unfinished" on the campaign page reaches students
-- who never signed in (they have no account to notify) through the roster's e-mail and the other
-- channels: the action queues one reminder_log row per such student under the key
-- "staff:<idempotency key>" and the delivery job sends it, like the counsellors' one-tap reminders.
-- The row is queued through RLS: only students of the caller's departments (a registrar: any).
create policy reminder_log_staff_insert on public.reminder_log for insert to authenticated
  with check (source = 'staff' and requested_by = auth.uid() and status = 'queued' and channels = '{}'
              and ((select app.has_role('registrar'))
                   or student_id in (select s.id from public.students s where s.department_id in (select app.reviewable_departments()))));
