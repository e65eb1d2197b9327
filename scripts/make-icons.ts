// Generates the PWA icons in public/icons from an SVG (brand blue #1d4ed8, character 核).
// Run: npx tsx scripts/make-icons.ts
import sharp from 'sharp';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const BRAND = '#1d4ed8';
const out = join(process.cwd(), 'public', 'icons');
mkdirSync(out, { recursive: true });

function svg(size: number, maskable: boolean): Buffer {
  // Maskable: full-bleed background, glyph kept inside the 80% safe zone.
  const rx = maskable ? 0 : Math.round(size * 0.22);
  const fontSize = Math.round(size * (maskable ? 0.42 : 0.56));
  const y = Math.round(size / 2 + fontSize * 0.36);
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">` +
      `<rect width="${size}" height="${size}" rx="${rx}" fill="${BRAND}"/>` +
      `<text x="${size / 2}" y="${y}" font-size="${fontSize}" font-family="Noto Sans CJK SC, PingFang SC, sans-serif" font-weight="700" text-anchor="middle" fill="#fff">核</text>` +
      `</svg>`,
  );
}

async function main() {
  await sharp(svg(192, false)).png().toFile(join(out, 'icon-192.png'));
  await sharp(svg(512, false)).png().toFile(join(out, 'icon-512.png'));
  await sharp(svg(512, true)).png().toFile(join(out, 'maskable-512.png'));
  console.log('icons written to', out);
}

void main();
