import 'server-only';
import { PassThrough, Readable } from 'node:stream';
import archiver from 'archiver';

/**
 * A ZIP written entry by entry into a stream (archiver 7): nothing is collected in memory beyond
 * one entry's buffer, and the response starts before the last photo is read.
 */
export function zipStream(fill: (zip: archiver.Archiver) => Promise<void>): ReadableStream<Uint8Array> {
  const zip = archiver('zip', { zlib: { level: 6 } });
  const out = new PassThrough();
  zip.on('warning', (e) => out.destroy(e));
  zip.on('error', (e) => out.destroy(e));
  zip.pipe(out);
  fill(zip).then(
    () => zip.finalize(),
    (e) => {
      zip.abort();
      out.destroy(e as Error);
    },
  );
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
