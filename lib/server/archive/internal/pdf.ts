import 'server-only';
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from '../../errors';
import type { DossierData } from './load-dossier';

/** Debian's fonts-noto-cjk; a TTC is opened by the postscript name of one face (decision 061). */
export const CJK_FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const CJK_FONT_FACE = 'NotoSansCJKsc-Regular';

export function checkCjkFont(): void {
  if (!existsSync(CJK_FONT_PATH)) {
    throw new AppError('internal', {
      message: `CJK font missing: ${CJK_FONT_PATH} (install Debian's fonts-noto-cjk: apt-get install fonts-noto-cjk)`,
      userMessage: 'errors.internal',
    });
  }
}

const SEX: Record<string, string> = { male: '男', female: '女' };
const ID_TYPE: Record<string, string> = {
  cn_resident: '居民身份证',
  hmt_residence_permit: '港澳台居民居住证',
  hk_macau_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  foreign_permanent_resident: '外国人永久居留身份证',
  passport: '护照',
};
const STATE: Record<string, string> = {
  draft: '草稿',
  submitted: '已提交',
  in_review: '审核中',
  returned: '已退回',
  verified: '已核验',
  escalated: '已移交核验办',
};
const EVENT: Record<string, string> = {
  submitted: '提交',
  resubmitted: '重新提交',
  claimed: '领取',
  released: '释放',
  returned: '退回',
  verified: '核验通过',
  escalated: '移交',
  note: '备注',
};
const cst = (isoStr: string | null) => (isoStr ? new Date(new Date(isoStr).getTime() + 8 * 3600e3).toISOString().slice(0, 16).replace('T', ' ') : '—');

/**
 * The 学生身份信息登记表 as a PDF stream. pdfkit embeds only the glyphs used (a subset of the
 * CJK face) and writes a ToUnicode map, so the text is searchable and the file stays small; no
 * remote assets. `thumbs` are the JPEG thumbnails, already read from storage.
 */
export function renderDossierPdf(
  d: DossierData,
  thumbs: { kind: string; bytes: Uint8Array }[],
  meta: { generatedBy: string; generatedAt: Date },
): PDFKit.PDFDocument {
  checkCjkFont();
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `学生身份信息登记表 ${d.student.studentNumber}`, Author: '校园身份核验' } });
  doc.registerFont('cjk', CJK_FONT_PATH, CJK_FONT_FACE);
  doc.font('cjk');
  const v = d.versions.find((x) => x.id === (d.record?.verifiedVersionId ?? d.record?.currentVersionId)) ?? d.versions.at(-1);
  doc.fontSize(18).text('学生身份信息登记表', { align: 'center' });
  doc
    .fontSize(9)
    .fillColor('#555')
    .text(`生成：${cst(meta.generatedAt.toISOString())}（北京时间） · 生成人：${meta.generatedBy}`, { align: 'center' });
  doc.moveDown().fillColor('#000');

  const row = (label: string, value: string | null | undefined) => {
    const y = doc.y;
    doc.fontSize(10).fillColor('#444').text(label, 48, y, { width: 110 });
    doc.fillColor('#000').text(value ?? '—', 160, y, { width: 380 });
    doc
      .moveTo(48, doc.y + 2)
      .lineTo(547, doc.y + 2)
      .strokeColor('#ddd')
      .stroke();
    doc.y += 5;
  };
  const heading = (t: string) => {
    doc.moveDown(0.6).fontSize(13).fillColor('#000').text(t, 48);
    doc.moveDown(0.3);
  };

  heading('一、基本信息');
  row('学号', d.student.studentNumber);
  row('姓名（花名册）', d.student.name);
  row('学院', `${d.student.departmentZh}（${d.student.departmentCode}）`);
  row('年级', String(d.student.cohort));
  row('核验状态', d.record ? (STATE[d.record.state] ?? d.record.state) : '未提交');
  if (v) {
    heading(`二、已核验信息（第 ${v.seq} 版，${cst(v.createdAt)}）`);
    row('姓名', v.legalName);
    row('拼音/外文姓名', v.latinName);
    row('性别', SEX[v.sex] ?? v.sex);
    row('出生日期', v.birthDate);
    row('民族', v.ethnicity);
    row('证件类型', ID_TYPE[v.idType] ?? v.idType);
    row('签发国家/地区', v.idIssuingCountry);
    row('证件号码', d.idNumber ?? v.idNumberMask);
    row('手机', v.phone);
    row('电子邮箱', v.email);
  }
  if (thumbs.length) {
    heading('三、证件照片（缩略图）');
    const top = doc.y;
    thumbs.slice(0, 3).forEach((t, i) => {
      try {
        doc.image(Buffer.from(t.bytes), 48 + i * 170, top, { fit: [160, 110] });
      } catch (e) {
        doc.fontSize(9).text(`（${t.kind} 图片无法显示：${(e as Error).message}）`, 48 + i * 170, top, { width: 160 });
      }
      doc.fontSize(9).text(t.kind, 48 + i * 170, top + 114, { width: 160 });
    });
    doc.x = 48;
    doc.y = top + 132;
  }
  heading('四、版本记录');
  for (const x of d.versions) row(`第 ${x.seq} 版 · ${x.source}`, `${cst(x.createdAt)} · ${x.legalName} · ${x.idNumberMask}`);
  heading('五、审核记录（谁 · 何时 · 决定）');
  if (!d.reviewEvents.length) row('—', '无');
  for (const e of d.reviewEvents) {
    const reasons =
      Array.isArray(e.reasons) && e.reasons.length
        ? ` · 原因：${(e.reasons as { target?: string; code?: string }[]).map((r) => `${r.target ?? ''} ${r.code ?? ''}`.trim()).join('；')}`
        : '';
    row(
      cst(e.createdAt),
      `${EVENT[e.kind] ?? e.kind} · ${e.actorName ?? (e.actorId ? e.actorId.slice(0, 8) : '系统')}${reasons}${e.comment ? ` · ${e.comment}` : ''}`,
    );
  }
  heading('六、更正申请');
  if (!d.corrections.length) row('—', '无');
  for (const c of d.corrections)
    row(
      cst(c.createdAt),
      `${c.status} · ${Object.keys((c.changes as object) ?? {}).join('、')} · ${c.reason}${c.decidedAt ? ` · 决定于 ${cst(c.decidedAt)}` : ''}`,
    );
  heading('七、调查案件');
  if (!d.cases.length) row('—', '无');
  for (const c of d.cases) {
    row(`${cst(c.openedAt)}`, `${c.kind} · ${c.status}${c.outcome ? ` · 结论 ${c.outcome}` : ''}${c.closedAt ? ` · 结案 ${cst(c.closedAt)}` : ''}`);
    for (const e of c.events) row(`  ${cst(e.createdAt)}`, `${e.kind} · ${e.actorName ?? '—'}${e.body ? ` · ${e.body}` : ''}`);
  }
  heading('八、隐私告知确认');
  if (!d.consents.length) row('—', '无');
  for (const c of d.consents) row(cst(c.acknowledgedAt), `告知版本 ${c.noticeVersion}`);
  doc
    .moveDown()
    .fontSize(8)
    .fillColor('#777')
    .text('本表由校园身份核验系统生成；每次下载均记入审计日志。证件照片原件及其 SHA-256 见同一压缩包的 manifest.json。');
  doc.end();
  return doc;
}
