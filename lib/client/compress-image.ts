/**
 * Browser-side photo shrinking and upload, for phones on weak networks (often inside WeChat's
 * WebView). Client-safe: no server imports and no DOM access at module top level, so a client
 * component can import it and server rendering never touches `window`.
 *
 * Shrinking is a courtesy, not a control: a 4 MB phone photo becomes ~0.3–0.5 MB before it
 * crosses a 3G link, and the canvas re-encode drops EXIF (GPS!) before it leaves the phone. The
 * server still sniffs, decodes and re-encodes everything (lib/server/documents/image.ts).
 */

export type CompressOptions = {
  longSide?: number;
  quality?: number;
  type?: 'image/jpeg' | 'image/webp';
  /** re-encode at lower quality, then smaller, until the result fits (default 500 KB) */
  maxBytes?: number;
};

/** Above this a photo costs a student on 3G more than ten seconds (issue 13: ≤ 500 KB). */
export const TARGET_BYTES = 500 * 1024;
// Each step down keeps the card's print readable: 0.82 → 0.72 → 0.62 at full size, then 80 % size.
const QUALITY_STEPS = [0, 0.1, 0.2];
const MIN_LONG_SIDE = 1200;

export type CompressResult =
  | { converted: true; blob: Blob; width: number; height: number; ms: number }
  // The browser could not decode it (e.g. HEIC on Android Chrome): send the original and let the
  // server decide — it answers with a message the student can act on ("photo.errors.heic").
  | { converted: false; blob: Blob; width: null; height: null; ms: number; reason: string };

type Decoded = { source: CanvasImageSource; width: number; height: number; release: () => void };

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Output size that fits inside longSide × longSide, never enlarged. */
export function fitInside(w: number, h: number, longSide: number): { width: number; height: number } {
  const scale = Math.min(1, longSide / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

/** <img> via an object URL: the path for WebViews without createImageBitmap(Blob) (iOS < 15). */
function decodeWithImg(file: Blob): Promise<Decoded> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    // Browsers since 2020 apply EXIF orientation to <img> by default (image-orientation: from-image).
    img.onload = () => resolve({ source: img, width: img.naturalWidth, height: img.naturalHeight, release: () => URL.revokeObjectURL(url) });
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('image element could not decode the file'));
    };
    img.src = url;
  });
}

async function decode(file: Blob): Promise<Decoded> {
  if (typeof createImageBitmap === 'function') {
    try {
      // Full-size decode, scaled on the canvas afterwards. Measured in Chromium 156 (12 MP JPEG,
      // 4x CPU slowdown): passing resizeWidth/resizeHeight here was 0.5–1 s slower, not faster,
      // and needs the size up front (an <img> probe cost another 0.5–0.8 s). WebCodecs
      // ImageDecoder can decode at a reduced scale, but browsers disagree on whether it applies
      // EXIF orientation — a sideways ID photo is worse than a slow one.
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { source: bitmap, width: bitmap.width, height: bitmap.height, release: () => bitmap.close() };
    } catch {
      // Older WebViews reject the options object, and some cannot decode a Blob: try <img>.
    }
  }
  return decodeWithImg(file);
}

type Surface = { ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D; toBlob: (type: string, quality: number) => Promise<Blob | null> };

function surface(width: number, height: number): Surface {
  if (typeof OffscreenCanvas !== 'undefined') {
    const c = new OffscreenCanvas(width, height);
    const ctx = c.getContext('2d');
    if (ctx) return { ctx, toBlob: (type, quality) => c.convertToBlob({ type, quality }) };
  }
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  const ctx = c.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas context');
  return { ctx, toBlob: (type, quality) => new Promise((r) => c.toBlob(r, type, quality)) };
}

/**
 * Decode (EXIF orientation applied), scale to fit longSide and re-encode. A canvas never writes
 * EXIF, so the GPS position and device serials in a phone photo are gone before upload.
 */
export async function compressImage(file: Blob, opts: CompressOptions = {}): Promise<CompressResult> {
  const { longSide = 2000, quality = 0.82, type = 'image/jpeg', maxBytes = TARGET_BYTES } = opts;
  const t0 = now();
  let decoded: Decoded;
  try {
    decoded = await decode(file);
  } catch (e) {
    return { converted: false, blob: file, width: null, height: null, ms: now() - t0, reason: e instanceof Error ? e.message : String(e) };
  }
  try {
    let side = longSide;
    for (;;) {
      const { width, height } = fitInside(decoded.width, decoded.height, side);
      const s = surface(width, height);
      // JPEG has no alpha: paint white first so transparent PNG areas are not turned black.
      s.ctx.fillStyle = '#fff';
      s.ctx.fillRect(0, 0, width, height);
      // Up to 2:1 (a 12 MP photo to 2000 px) bilinear already averages every source pixel, and
      // skipping mipmaps was faster in the bench. Past 2:1 (48 MP sensors) bilinear would skip
      // pixels and alias the small print on the card, so pay for mipmaps there.
      s.ctx.imageSmoothingEnabled = true;
      s.ctx.imageSmoothingQuality = decoded.width / width > 2 ? 'medium' : 'low';
      s.ctx.drawImage(decoded.source, 0, 0, width, height);
      let blob: Blob | null = null;
      for (const step of QUALITY_STEPS) {
        const q = Math.max(0.4, quality - step);
        blob = await s.toBlob(type, q);
        // Safari < 14 silently answers a WebP request with PNG: fall back to JPEG, which all encode.
        if (blob && blob.type !== type) blob = await s.toBlob('image/jpeg', q);
        if (!blob) throw new Error('canvas produced no blob');
        if (blob.size <= maxBytes) break;
      }
      const smaller = Math.round(side * 0.8);
      if (blob!.size <= maxBytes || smaller < MIN_LONG_SIDE || Math.max(width, height) < side) {
        return { converted: true, blob: blob!, width, height, ms: now() - t0 };
      }
      side = smaller;
    }
  } catch (e) {
    return { converted: false, blob: file, width: null, height: null, ms: now() - t0, reason: e instanceof Error ? e.message : String(e) };
  } finally {
    decoded.release();
  }
}

export type UploadErrorKind = 'network' | 'http' | 'aborted';

export class UploadError extends Error {
  readonly kind: UploadErrorKind;
  readonly status?: number;
  readonly body?: string;
  readonly attempts: number;
  constructor(kind: UploadErrorKind, attempts: number, status?: number, body?: string) {
    super(kind === 'http' ? `upload failed with HTTP ${status}` : `upload ${kind === 'aborted' ? 'aborted' : 'network error'}`);
    this.name = 'UploadError';
    this.kind = kind;
    this.status = status;
    this.body = body;
    this.attempts = attempts;
  }
}

export type UploadProgress = { loaded: number; total: number; attempt: number };
export type UploadOptions = { method?: 'PUT' | 'POST'; attempts?: number; baseDelayMs?: number; stallMs?: number };

type Attempt = { ok: true; status: number; body: string } | { ok: false; error: UploadError; retry: boolean };

function sendOnce(
  url: string,
  blob: Blob,
  headers: Record<string, string>,
  method: string,
  attempt: number,
  stallMs: number,
  onProgress?: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<Attempt> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    let stalled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A dropped mobile connection often just goes quiet instead of erroring: treat a long silence
    // as a network failure so the retry loop gets a chance instead of spinning forever.
    const arm = () => {
      clearTimeout(timer);
      if (stallMs > 0) timer = setTimeout(() => ((stalled = true), xhr.abort()), stallMs);
    };
    const onAbort = () => xhr.abort();
    const done = (a: Attempt) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(a);
    };
    xhr.open(method, url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      arm();
      onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : blob.size, attempt });
    };
    xhr.onload = () => {
      const { status } = xhr;
      if (status >= 200 && status < 300) return done({ ok: true, status, body: xhr.responseText });
      // 4xx means the request itself is wrong (expired link, too large, already uploaded): the
      // same bytes would fail again. 5xx and gateway errors on flaky links are worth a retry.
      done({ ok: false, error: new UploadError('http', attempt, status, xhr.responseText), retry: status >= 500 });
    };
    xhr.onerror = () => done({ ok: false, error: new UploadError('network', attempt), retry: true });
    xhr.onabort = () => done({ ok: false, error: new UploadError(stalled ? 'network' : 'aborted', attempt), retry: stalled });
    signal?.addEventListener('abort', onAbort, { once: true });
    arm();
    xhr.send(blob);
  });
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<boolean>((resolve) => {
    if (signal?.aborted) return resolve(false);
    const t = setTimeout(() => (signal?.removeEventListener('abort', stop), resolve(true)), ms);
    const stop = () => (clearTimeout(t), resolve(false));
    signal?.addEventListener('abort', stop, { once: true });
  });

/**
 * Upload with progress (fetch cannot report upload progress, XHR can) and retries with
 * exponential backoff (1 s, 2 s, 4 s: 4 attempts) on network errors, stalls and 5xx.
 * Resolves on 2xx; rejects with UploadError. Note for one-shot signed PUT links: if an attempt
 * reached the server but its answer was lost, the retry gets 409 — the caller should then check
 * whether the object exists rather than ask the student to start over.
 */
export async function uploadWithProgress(
  url: string,
  blob: Blob,
  headers: Record<string, string>,
  onProgress?: (p: UploadProgress) => void,
  signal?: AbortSignal,
  opts: UploadOptions = {},
): Promise<{ status: number; body: string; attempts: number }> {
  const { method = 'PUT', attempts = 4, baseDelayMs = 1000, stallMs = 30_000 } = opts;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new UploadError('aborted', attempt - 1);
    const r = await sendOnce(url, blob, headers, method, attempt, stallMs, onProgress, signal);
    if (r.ok) return { status: r.status, body: r.body, attempts: attempt };
    if (!r.retry || attempt >= attempts) throw r.error;
    if (!(await sleep(baseDelayMs * 2 ** (attempt - 1), signal))) throw new UploadError('aborted', attempt);
  }
}
