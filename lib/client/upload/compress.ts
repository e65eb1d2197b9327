/**
 * Compress a photo in a Web Worker when the browser can (Worker + OffscreenCanvas +
 * createImageBitmap), else on the main thread — WeChat's older in-app browser and iOS < 16.4 lack
 * OffscreenCanvas. Either way the result is a JPEG of at most ~500 KB with EXIF orientation applied
 * and EXIF itself gone (see compress-image.ts).
 */
import { compressImage, type CompressOptions, type CompressResult } from '../compress-image';
import type { CompressReply, CompressRequest } from './compress.worker';

export type CompressThread = 'worker' | 'main';

export function workerSupported(): boolean {
  return typeof Worker !== 'undefined' && typeof OffscreenCanvas !== 'undefined' && typeof createImageBitmap === 'function';
}

let worker: Worker | null = null;
let broken = false;
let nextId = 1;
const waiting = new Map<number, (r: CompressResult | null) => void>();

function getWorker(): Worker | null {
  if (broken || !workerSupported()) return null;
  if (worker) return worker;
  try {
    worker = new Worker(new URL('./compress.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    broken = true;
    return null;
  }
  worker.onmessage = (e: MessageEvent<CompressReply>) => {
    waiting.get(e.data.id)?.(e.data.result);
    waiting.delete(e.data.id);
  };
  // A worker that fails to load (CSP, an old WebView's module-worker support): every pending
  // request and every later one takes the main thread instead.
  worker.onerror = () => {
    broken = true;
    worker?.terminate();
    worker = null;
    for (const done of waiting.values()) done(null);
    waiting.clear();
  };
  return worker;
}

function inWorker(w: Worker, file: Blob, opts?: CompressOptions): Promise<CompressResult | null> {
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    w.postMessage({ id, file, opts } satisfies CompressRequest);
  });
}

export async function compressPhoto(file: Blob, opts?: CompressOptions): Promise<CompressResult & { thread: CompressThread }> {
  const w = getWorker();
  if (w) {
    const r = await inWorker(w, file, opts);
    // Not decodable in the worker (some formats decode only through <img>): try the main thread.
    if (r && r.converted) return { ...r, thread: 'worker' };
  }
  return { ...(await compressImage(file, opts)), thread: 'main' };
}
