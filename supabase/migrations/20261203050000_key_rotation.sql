-- Issue 11 item 5: key rotation (decision 063).
--
-- Versions stay immutable. Besides becoming a redacted shell (decision 062), the one change now
-- allowed is re-keying: the same ID number under another key (a new ciphertext) or under a new
-- blind-index key (a new blind index). The database cannot see that the plaintext is unchanged —
-- the rotation verifies it by decrypting before it writes — so the change is confined to that
-- job: only the connection's own role (no SET ROLE, i.e. never a request made for a person), only
-- with `app.rekey` set for the transaction, and every other column must be unchanged.
create or replace function app.identity_versions_guard() returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_op = 'UPDATE' and old.redacted_at is null and new.redacted_at is not null
     and new.id = old.id and new.record_id = old.record_id and new.student_id = old.student_id and new.seq = old.seq
     and new.source = old.source and new.created_at = old.created_at and new.submitted_by = old.submitted_by
     and new.legal_name = '已清除' and new.latin_name is null and new.sex is null and new.birth_date is null
     and new.ethnicity is null and new.id_issuing_country is null and new.id_number_enc = '' and new.id_number_bidx = ''
     and new.id_number_mask = '已清除' and new.phone is null and new.email is null then
    return new;
  end if;
  if tg_op = 'UPDATE' and old.redacted_at is null and new.redacted_at is null
     and coalesce(current_setting('app.rekey', true), '') = 'on'
     and coalesce(current_setting('role', true), 'none') = 'none'
     and (to_jsonb(new) - 'id_number_enc' - 'id_number_bidx') = (to_jsonb(old) - 'id_number_enc' - 'id_number_bidx')
     and new.id_number_enc ~ '^v1\.[a-z0-9]{1,16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$'
     and new.id_number_bidx ~ '^[0-9a-f]{64}$' then
    return new;
  end if;
  raise exception 'identity_versions is append-only' using errcode = 'insufficient_privilege';
end $$;
