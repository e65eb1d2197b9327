import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processIdPhoto, sniffImageFormat } from '../../lib/server/documents/image';
import { AppError } from '../../lib/server/errors';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function expectRefused(p: Promise<unknown>, code: string, userMessage: string) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, `expected AppError(${code}, ${userMessage})`).toBeInstanceOf(AppError);
  expect({ code: (e as AppError).code, userMessage: (e as AppError).userMessage }).toEqual({ code, userMessage });
}

/**
 * Just enough TIFF reading to find the GPS IFD (tag 0x8825 in IFD0) and its latitude. Written
 * here instead of trusting a library so the fixture check cannot share a bug with the writer.
 */
function readGps(exif: Buffer): { latRef: string; lat: number[] } | null {
  const tiff = exif.subarray(exif.indexOf('Exif\0\0') + 6);
  const le = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const entries = (ifd: number) =>
    Array.from({ length: u16(ifd) }, (_, i) => {
      const at = ifd + 2 + i * 12;
      return { tag: u16(at), count: u32(at + 4), valueAt: at + 8 };
    });
  const gpsPtr = entries(u32(4)).find((e) => e.tag === 0x8825);
  if (!gpsPtr) return null;
  const gps = entries(u32(gpsPtr.valueAt));
  const ref = gps.find((e) => e.tag === 0x0001); // GPSLatitudeRef, ASCII "N\0" fits inline
  const lat = gps.find((e) => e.tag === 0x0002); // GPSLatitude, 3 RATIONALs at an offset
  if (!ref || !lat) return null;
  const at = u32(lat.valueAt);
  return {
    latRef: tiff.toString('latin1', ref.valueAt, ref.valueAt + 1),
    lat: [0, 1, 2].map((i) => u32(at + i * 8) / u32(at + i * 8 + 4)),
  };
}

/** The output must carry no metadata block at all, checked both by sharp and in the raw bytes. */
async function expectNoMetadata(jpeg: Buffer) {
  const m = await sharp(jpeg).metadata();
  expect(m.format).toBe('jpeg');
  expect(m.exif).toBeUndefined();
  expect(m.xmp).toBeUndefined();
  expect(m.iptc).toBeUndefined();
  expect(m.icc).toBeUndefined();
  expect(jpeg.includes('Exif\0\0')).toBe(false);
  expect(jpeg.includes('GPS')).toBe(false);
  expect(jpeg.includes('http://ns.adobe.com/xap/1.0/')).toBe(false);
}

describe('fixtures', () => {
  it('id-front.jpg really carries GPS in EXIF and XMP, so stripping is meaningful', async () => {
    const m = await sharp(fixture('id-front.jpg')).metadata();
    expect(m.exif).toBeDefined();
    expect(readGps(m.exif!)).toEqual({ latRef: 'N', lat: [39, 54, 27] });
    expect(m.xmp?.toString()).toContain('GPSLatitude');
  });
});

describe('processIdPhoto', () => {
  for (const name of ['id-front.jpg', 'id-back.jpg', 'passport.jpg']) {
    it(`${name}: re-encoded JPEG without EXIF/GPS/XMP, hashes match`, async () => {
      const input = fixture(name);
      const out = await processIdPhoto(input);
      await expectNoMetadata(out.image);
      await expectNoMetadata(out.thumb);
      expect(out).toMatchObject({ mime: 'image/jpeg', sourceFormat: 'jpeg', bytes: out.image.byteLength });
      expect(out.sha256).toBe(sha(out.image));
      expect(out.sourceSha256).toBe(sha(input));
      expect(Math.max(out.width, out.height)).toBeLessThanOrEqual(2000);
      const src = await sharp(input).metadata();
      expect([out.width, out.height]).toEqual([src.width, src.height]); // never enlarged
      const t = await sharp(out.thumb).metadata();
      expect(Math.max(t.width!, t.height!)).toBe(320);
    });
  }

  describe('polyglot files', () => {
    const PAYLOAD = '<html><script>alert(document.cookie)</script></html>';
    it('a JPEG with an HTML page and a ZIP appended after its end marker is stored without them', async () => {
      // Valid JPEG first (so browsers and decoders accept it), a page and an archive after EOI —
      // the classic JPEG/HTML and GIFAR-style polyglots. Phones also append data after EOI
      // (motion photos), so this is not refused: it is re-encoded, and only the pixels survive.
      const jpeg = fixture('id-front.jpg');
      const zip = Buffer.from(`PK\x03\x04\x14\x00\x00\x00\x08\x00${'x'.repeat(64)}`, 'latin1');
      const polyglot = Buffer.concat([jpeg, Buffer.from(PAYLOAD), zip]);
      const out = await processIdPhoto(polyglot);
      expect(out).toMatchObject({ mime: 'image/jpeg', sourceFormat: 'jpeg' });
      expect(out.sourceSha256).toBe(sha(polyglot));
      for (const stored of [out.image, out.thumb]) {
        expect(stored.includes(Buffer.from('<script'))).toBe(false);
        expect(stored.includes(Buffer.from('PK\x03\x04', 'latin1'))).toBe(false);
        // It ends where a JPEG ends: nothing after the EOI marker.
        expect(stored.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
      }
    });

    it('an HTML page with a JPEG inside, or a JPEG header on a script, is refused', async () => {
      const htmlFirst = Buffer.concat([Buffer.from(PAYLOAD), fixture('id-front.jpg')]);
      await expectRefused(processIdPhoto(htmlFirst), 'unsupported_media', 'photo.errors.notImage');
      const fakeHeader = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(PAYLOAD.repeat(50))]);
      await expect(processIdPhoto(fakeHeader)).rejects.toMatchObject({ code: 'unsupported_media' });
    });
  });

  it('scales a large photo down to the long side', async () => {
    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#6a8' } })
      .jpeg()
      .toBuffer();
    const out = await processIdPhoto(big);
    expect([out.width, out.height]).toEqual([2000, 1500]);
    const custom = await processIdPhoto(big, { longSide: 1000 });
    expect([custom.width, custom.height]).toEqual([1000, 750]);
  });

  it('accepts PNG (transparency flattened onto white) and WebP', async () => {
    const png = await sharp({ create: { width: 800, height: 500, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const p = await processIdPhoto(png);
    expect(p.sourceFormat).toBe('png');
    const { data } = await sharp(p.image).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(240);

    const webp = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#357' } })
      .webp()
      .toBuffer();
    const w = await processIdPhoto(webp);
    expect(w).toMatchObject({ sourceFormat: 'webp', width: 800, height: 500 });
    await expectNoMetadata(w.image);
  });

  it('applies EXIF orientation 6: a sideways-stored photo comes out upright', async () => {
    // Stored 1200x800, left half red. Orientation 6 = rotate 90° clockwise to display, so the
    // left edge becomes the top: 800x1200 with a red top half.
    const stored = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#00f' } })
      .composite([{ input: { create: { width: 600, height: 800, channels: 3, background: '#f00' } }, left: 0, top: 0 }])
      .jpeg()
      .withMetadata({ orientation: 6 }) // withExif's Orientation is overwritten by libvips
      .toBuffer();
    expect((await sharp(stored).metadata()).orientation).toBe(6);
    const out = await processIdPhoto(stored);
    expect([out.width, out.height]).toEqual([800, 1200]);
    const { data, info } = await sharp(out.image).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3));
    expect(px(400, 100)[0]).toBeGreaterThan(200); // top: red
    expect(px(400, 1100)[2]).toBeGreaterThan(200); // bottom: blue
    expect((await sharp(out.image).metadata()).orientation).toBeUndefined();
  });

  describe('refuses what is not a photo, by magic bytes whatever the name says', () => {
    it.each(['fake.jpg', 'fake.svg.jpg', 'doc.pdf.jpg'])('%s', async (name) => {
      await expectRefused(processIdPhoto(fixture(name)), 'unsupported_media', 'photo.errors.notImage');
    });

    it('GIF, ZIP, plain text, AVIF', async () => {
      const gif = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#fff' } })
        .gif()
        .toBuffer();
      const zip = Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00', 'latin1');
      const text = Buffer.from('just some text, not a photo');
      const avif = Buffer.from('\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf', 'latin1');
      for (const b of [gif, zip, text, avif]) {
        await expectRefused(processIdPhoto(b), 'unsupported_media', 'photo.errors.notImage');
      }
    });
  });

  it('sniffs HEIC by its ftyp brands', () => {
    const ftyp = (major: string, ...compat: string[]) =>
      Buffer.from(`\0\0\0${String.fromCharCode(16 + 4 * compat.length)}ftyp${major}\0\0\0\0${compat.join('')}`, 'latin1');
    expect(sniffImageFormat(ftyp('heic', 'mif1', 'heic'))).toBe('heic');
    expect(sniffImageFormat(ftyp('mif1', 'heic'))).toBe('heic');
    expect(sniffImageFormat(ftyp('isom', 'heix'))).toBe('heic');
    expect(sniffImageFormat(ftyp('isom', 'mp41'))).toBeNull(); // an MP4 video
    expect(sniffImageFormat(ftyp('avif', 'mif1'))).toBeNull();
  });

  it('an undecodable HEIC gets the HEIC-specific advice', async () => {
    const heic = Buffer.concat([Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(2048, 0x42)]);
    await expectRefused(processIdPhoto(heic), 'unsupported_media', 'photo.errors.heic');
  });

  it('empty, truncated and too-small uploads each get their own message', async () => {
    await expectRefused(processIdPhoto(new Uint8Array(0)), 'invalid_input', 'photo.errors.empty');
    await expectRefused(processIdPhoto(fixture('truncated.jpg')), 'unsupported_media', 'photo.errors.corrupt');
    await expectRefused(processIdPhoto(fixture('tiny.png')), 'invalid_input', 'photo.errors.tooSmall');
  });

  describe('size limits', () => {
    let tmp: string;
    beforeAll(() => {
      tmp = mkdtempSync(path.join(os.tmpdir(), 'cidv-image-'));
    });
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    it('30 MB is refused as too_large before any decoding', async () => {
      // A JPEG signature followed by zeros: if the decoder ran first this would be "corrupt".
      const file = path.join(tmp, 'huge.jpg');
      const big = Buffer.alloc(30 * 1024 * 1024);
      big.set([0xff, 0xd8, 0xff, 0xe0]);
      writeFileSync(file, big);
      const bytes = new Uint8Array(readFileSync(file));
      const t0 = performance.now();
      await expectRefused(processIdPhoto(bytes), 'too_large', 'photo.errors.tooLarge');
      expect(performance.now() - t0).toBeLessThan(250); // generous for a loaded CI box; the code above is the real proof
      await expectRefused(processIdPhoto(fixture('id-front.jpg'), { maxBytes: 50_000 }), 'too_large', 'photo.errors.tooLarge');
    });

    it('a 64-megapixel image is refused by maxPixels', async () => {
      // A solid colour compresses to ~200 KB: small on the wire, ~190 MB once decoded.
      const png = await sharp({ create: { width: 8000, height: 8000, channels: 3, background: '#fff' } })
        .png()
        .toBuffer();
      expect(png.byteLength).toBeLessThan(12 * 1024 * 1024);
      await expectRefused(processIdPhoto(png), 'too_large', 'photo.errors.tooManyPixels');
      await expectRefused(processIdPhoto(fixture('id-front.jpg'), { maxPixels: 500_000 }), 'too_large', 'photo.errors.tooManyPixels');
    });
  });
});
