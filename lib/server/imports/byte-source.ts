import 'server-only';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { AppError } from '../errors';

export type SourceInput = { path: string } | { stream: Readable };

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
const PEEK = 64 * 1024;
const PEEK_MAX = 1024 * 1024;

/**
 * The input as one byte stream with the first bytes already read (to sniff), hashing every byte
 * that passes. When the consumer stops early the generator's `finally` reads the remainder into
 * the hash, so the digest always covers the whole file.
 */
export async function openByteSource(input: SourceInput, maxBytes: number) {
  const src: Readable = 'path' in input ? createReadStream(input.path, { highWaterMark: PEEK }) : input.stream;
  const it = src[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const asBuffer = (c: Buffer | string) => (typeof c === 'string' ? Buffer.from(c) : c);
  let total = 0;
  const count = (b: Buffer) => {
    total += b.length;
    if (total > maxBytes) throw new AppError('too_large', { userMessage: 'imports.file.tooLarge', message: `import file over ${maxBytes} bytes` });
  };
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  // Past 64 KB only while everything so far is ASCII: the first Chinese character decides the encoding.
  while (headLength < PEEK || (headLength < PEEK_MAX && !headChunks.some((c) => c.some((b) => b >= 0x80)))) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    const b = asBuffer(r.value);
    count(b);
    headChunks.push(b);
    headLength += b.length;
  }
  const head = Buffer.concat(headChunks);
  const hash = createHash('sha256').update(head);
  let abandoned = false;
  let settle!: { resolve: (h: string) => void; reject: (e: unknown) => void };
  const digest = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  digest.catch(() => {}); // awaited by sha256(); a run that failed earlier never asks

  async function* bytes(): AsyncGenerator<Buffer> {
    // A failure of the source (or the size limit) ends hashing; one further down (the CSV parser
    // refusing a row) does not: the bytes are still read so the failed run names its file.
    let sourceError: unknown = null;
    const next = async (): Promise<Buffer | null> => {
      try {
        const r = await it.next();
        if (r.done) {
          ended = true;
          return null;
        }
        const b = asBuffer(r.value);
        count(b);
        hash.update(b);
        return b;
      } catch (e) {
        sourceError = e;
        throw e;
      }
    };
    try {
      if (head.length) yield head;
      while (!ended) {
        const b = await next();
        if (b) yield b;
      }
    } finally {
      if (sourceError || abandoned) settle.reject(sourceError ?? new Error('abandoned'));
      else {
        try {
          while (!ended) await next();
          settle.resolve(hash.digest('hex'));
        } catch (e) {
          settle.reject(e);
        }
      }
    }
  }
  const stream = Readable.from(bytes(), { objectMode: false });
  return {
    head,
    stream,
    digest: async () => {
      if (!stream.readableEnded) stream.destroy();
      return digest;
    },
    bytesRead: () => total,
    abandon: () => {
      abandoned = true;
      // A generator that never started has no finally to run.
      settle.reject(new Error('abandoned'));
      src.destroy();
      stream.destroy();
    },
  };
}
