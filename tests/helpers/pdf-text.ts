import { inflateSync } from 'node:zlib';

/**
 * Text of a PDF as a reader would copy it. pdfkit writes CJK text as glyph ids, so plain string
 * search finds nothing; this reads every (Flate) stream, collects the ToUnicode maps (bfchar and
 * bfrange) and decodes the hex strings of the content streams through them. Enough for pdfkit's
 * output, not a general PDF parser.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const streams: string[] = [];
  const re = /<<([^]*?)>>\s*stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    const body = pdf.subarray(start, end);
    try {
      streams.push((/FlateDecode/.test(m[1]!) ? inflateSync(body) : body).toString('latin1'));
    } catch {
      streams.push(''); // an image or a stream we do not need
    }
  }
  const map = new Map<string, string>();
  // A ligature's entry holds several code units, written with spaces between them (<0066 0066>
  // for "ff", which appears in random hex ids): the hex strings below allow whitespace.
  const hexToStr = (spaced: string) => {
    const h = spaced.replace(/\s+/g, '');
    let s = '';
    for (let i = 0; i < h.length; i += 4) s += String.fromCharCode(parseInt(h.slice(i, i + 4), 16));
    return s;
  };
  for (const s of streams.filter((x) => x.includes('begincmap'))) {
    for (const b of s.matchAll(/beginbfchar([^]*?)endbfchar/g)) {
      for (const p of b[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g)) map.set(p[1]!.toLowerCase(), hexToStr(p[2]!));
    }
    for (const b of s.matchAll(/beginbfrange([^]*?)endbfrange/g)) {
      for (const p of b[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/g)) {
        const lo = parseInt(p[1]!, 16),
          hi = parseInt(p[2]!, 16),
          w = p[1]!.length;
        const dst = p[3]!;
        for (let c = lo; c <= hi; c++) {
          const key = c.toString(16).padStart(w, '0');
          if (dst.startsWith('[')) {
            const arr = [...dst.matchAll(/<([0-9a-fA-F\s]+)>/g)].map((x) => x[1]!);
            if (arr[c - lo]) map.set(key, hexToStr(arr[c - lo]!));
          } else {
            const base = parseInt(dst.slice(1, -1), 16);
            map.set(key, String.fromCodePoint(base + (c - lo)));
          }
        }
      }
    }
  }
  let out = '';
  for (const s of streams.filter((x) => !x.includes('begincmap') && /T[Jj]/.test(x))) {
    for (const t of s.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hexes = t[1] !== undefined ? [...t[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]!) : [t[2]!];
      for (const h of hexes) for (let i = 0; i < h.length; i += 4) out += map.get(h.slice(i, i + 4).toLowerCase()) ?? '';
      out += '\n';
    }
  }
  return out;
}
