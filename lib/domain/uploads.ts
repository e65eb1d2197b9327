/**
 * What a photo or evidence upload may be — THE one statement of it (decision 113). The server's
 * create-upload and finalize steps, the local store's signed targets, and the Supabase bucket's
 * own `file_size_limit` / `allowed_mime_types` (set by `npm run storage:setup`, checked by the
 * Supabase adapter on first use) all read it, so the documented bucket limits and the enforced
 * ones cannot drift apart. The clean copies the server stores are image/jpeg, which is listed.
 */
export const PHOTO_UPLOAD_LIMITS = {
  /** 12 MiB: a full-resolution phone photo that the browser could not shrink (photo.errors.tooLarge says 12 MB). */
  maxBytes: 12 * 1024 * 1024,
  /** HEIC/HEIF are accepted at the door so iPhones that could not convert get a clear message from the decoder. */
  mimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'],
} as const;

export type PhotoMimeType = (typeof PHOTO_UPLOAD_LIMITS.mimeTypes)[number];
