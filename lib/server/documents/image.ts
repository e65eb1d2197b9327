import 'server-only';
import { createHash } from 'node:crypto';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { AppError } from '../errors';

/**
 * Server-side pipeline for one uploaded ID photo: sniff → size/pixel limits → decode → orient →
 * resize → re-encode as JPEG without metadata. The re-encoded image is what gets stored and
 * reviewed; the original bytes are never kept, only their hash (sourceSha256) for dedup/audit.
 */
export type SourceFormat = 'jpeg' | 'png' | 'webp' | 'heic';

export type ProcessedImage = {
  image: Buffer;
  thumb: Buffer;
  mime: 'image/jpeg';
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  sourceSha256: string;
  sourceFormat: SourceFormat;
};

export type ProcessOptions = { maxBytes?: number; maxPixels?: number; longSide?: number };

const DEFAULTS = { maxBytes: 12 * 1024 * 1024, maxPixels: 50_000_000, longSide: 2000 };
// Below this the printed ID number and birth date are not legible to a reviewer.
const MIN_SHORT_SIDE = 300;
const THUMB_LONG_SIDE = 320;
const QUALITY = 85;

// ISO-BMFF brands written by iPhones (heic/heix/hevc) and by Android/Samsung HEIF (mif1/msf1…).
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
const startsWith = (b: Uint8Array, sig: readonly number[]) => b.length >= sig.length && sig.every((v, i) => b[i] === v);

/**
 * Identify the format from the first bytes only. The file name and the declared Content-Type are
 * chosen by the client and prove nothing: an HTML or SVG page renamed `.jpg` must never reach a
 * decoder or, worse, be served back to a reviewer's browser.
 */
export function sniffImageFormat(b: Uint8Array): SourceFormat | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  if (b.length >= 16 && ascii(b, 4, 8) === 'ftyp') {
    // ftyp box: size(4) 'ftyp' major_brand(4) minor_version(4) compatible_brands(4 each)…
    const size = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    const end = Math.min(size >= 16 ? size : 16, b.length, 64);
    const major = ascii(b, 8, 12);
    // AVIF also lists mif1 as a compatible brand, so mif1/msf1 only count as the major brand.
    if (HEIF_BRANDS.has(major)) return 'heic';
    for (let i = 16; i + 4 <= end; i += 4) {
      const brand = ascii(b, i, i + 4);
      if (HEIF_BRANDS.has(brand) && brand !== 'mif1' && brand !== 'msf1') return 'heic';
    }
  }
  return null;
}

// libvips names the loader differently from our sniffed format; they must agree.
const SHARP_FORMAT: Record<SourceFormat, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', heic: 'heif' };

const corrupt = (format: SourceFormat, cause: unknown) =>
  new AppError('unsupported_media', {
    message: `decode failed (${format}): ${cause instanceof Error ? cause.message : String(cause)}`,
    // Prebuilt sharp ships libheif with the AV1 decoder only (HEVC is patent-encumbered), so a
    // real iPhone HEIC usually cannot be decoded here. The message asks the student to set the
    // camera to "Most Compatible" (JPEG) or to upload a screenshot of the photo instead.
    userMessage: format === 'heic' ? 'photo.errors.heic' : 'photo.errors.corrupt',
    cause,
  });

const isPixelLimit = (e: unknown) => e instanceof Error && /pixel limit/i.test(e.message);
const tooManyPixels = (detail: string, cause?: unknown) =>
  new AppError('too_large', { message: `too many pixels: ${detail}`, userMessage: 'photo.errors.tooManyPixels', cause });

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export async function processIdPhoto(bytes: Uint8Array, opts: ProcessOptions = {}): Promise<ProcessedImage> {
  const { maxBytes, maxPixels, longSide } = { ...DEFAULTS, ...opts };

  // Cheap checks first: nothing below touches a decoder until size and magic bytes pass.
  if (bytes.byteLength === 0) throw new AppError('invalid_input', { message: 'empty upload', userMessage: 'photo.errors.empty' });
  if (bytes.byteLength > maxBytes) {
    throw new AppError('too_large', { message: `${bytes.byteLength} > ${maxBytes} bytes`, userMessage: 'photo.errors.tooLarge' });
  }
  const sourceFormat = sniffImageFormat(bytes);
  if (!sourceFormat) {
    throw new AppError('unsupported_media', { message: 'magic bytes are not JPEG/PNG/WebP/HEIC', userMessage: 'photo.errors.notImage' });
  }

  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // failOn 'error' (not sharp's default 'warning'): phone JPEGs often carry harmless warnings such
  // as extraneous bytes before a marker, but truncated or broken pixel data is still refused.
  // limitInputPixels guards memory: a 100 KB PNG can declare 20,000 × 20,000 pixels.
  const sharpOpts = { failOn: 'error', limitInputPixels: maxPixels } as const;

  // Header only: dimensions are known before any pixel is decoded.
  let meta: Metadata;
  try {
    meta = await sharp(input, sharpOpts).metadata();
  } catch (e) {
    if (isPixelLimit(e)) throw tooManyPixels(`limit ${maxPixels}`, e);
    throw corrupt(sourceFormat, e);
  }
  if (meta.format !== SHARP_FORMAT[sourceFormat]) throw corrupt(sourceFormat, new Error(`decoder saw ${meta.format}`));
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (w * h > maxPixels) throw tooManyPixels(`${w}x${h} > ${maxPixels}`);
  if (Math.min(w, h) < MIN_SHORT_SIDE) {
    throw new AppError('invalid_input', { message: `${w}x${h} is below ${MIN_SHORT_SIDE}px`, userMessage: 'photo.errors.tooSmall' });
  }

  // rotate() bakes in the EXIF orientation, so the image is upright once the tag is gone.
  // No withMetadata()/keepExif(): sharp then writes no EXIF, XMP, IPTC or ICC. Phone photos carry
  // GPS coordinates — taken at home or in a dorm, that is the student's address — plus device
  // serials; PIPL art. 6 (minimum necessary) means we keep only the pixels a reviewer needs.
  // flatten() puts transparent PNG/WebP areas on white instead of JPEG's default black.
  const base = sharp(input, sharpOpts).rotate().flatten({ background: '#ffffff' });
  const jpeg = { quality: QUALITY, mozjpeg: Boolean(sharp.versions.mozjpeg) };
  let image: { data: Buffer; info: OutputInfo };
  let thumb: Buffer;
  try {
    [image, thumb] = await Promise.all([
      base.clone().resize({ width: longSide, height: longSide, fit: 'inside', withoutEnlargement: true }).jpeg(jpeg).toBuffer({ resolveWithObject: true }),
      base.clone().resize({ width: THUMB_LONG_SIDE, height: THUMB_LONG_SIDE, fit: 'inside', withoutEnlargement: true }).jpeg(jpeg).toBuffer(),
    ]);
  } catch (e) {
    if (isPixelLimit(e)) throw tooManyPixels(`limit ${maxPixels}`, e);
    throw corrupt(sourceFormat, e);
  }

  return {
    image: image.data,
    thumb,
    mime: 'image/jpeg',
    width: image.info.width,
    height: image.info.height,
    bytes: image.data.byteLength,
    sha256: sha256(image.data),
    sourceSha256: sha256(bytes),
    sourceFormat,
  };
}
