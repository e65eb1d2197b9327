import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../helpers/pdf-text';

// Debian's fonts-noto-cjk, as lib/server/archive/internal/pdf.ts uses (.ci/run installs it).
const FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

function render(lines: string[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  doc.registerFont('cjk', FONT, 'NotoSansCJKsc-Regular');
  doc.font('cjk');
  for (const l of lines) doc.text(l);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.end();
  return done;
}

describe('pdfText (the test helper that reads dossier PDFs)', () => {
  it('reads text after a ligature, whose ToUnicode entry holds two code units (a random id with "ff" in it)', async () => {
    const pdf = await render(['生成人：auditor-0ffe7a', '学号 S0ffe722c6a', '姓名 欧阳明月', 'office@stu.example.edu.cn']);
    const text = pdfText(pdf);
    expect(text).toContain('auditor-0ffe7a');
    expect(text).toContain('S0ffe722c6a');
    expect(text).toContain('欧阳明月');
    expect(text).toContain('office@stu.example.edu.cn');
  });
});
