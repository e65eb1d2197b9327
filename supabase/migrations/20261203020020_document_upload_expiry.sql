-- Abandoned photo uploads expire (issue 8, item 5; decision 112). A pending document records
-- when its signed upload target stops accepting bytes; the `documents.expire_uploads` job marks
-- pending rows past that (plus a grace period for the finalize call) as rejected and deletes the
-- original from storage. Rows created before this migration have no expiry and fall back to
-- created_at plus the longest upload lifetime.
alter table public.documents add column upload_expires_at timestamptz;
-- The student's own insert sets it (RLS: documents_student_insert); it can never be put further
-- out than the longest upload URL lifetime (2 hours, Supabase's hosted default), so a crafted
-- insert cannot keep a pending upload alive.
alter table public.documents add constraint documents_upload_expiry_bounded
  check (upload_expires_at is null or upload_expires_at <= created_at + interval '2 hours 1 minute');
create index documents_pending_by_created on public.documents (created_at) where status = 'pending';
