import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';

import { MAIN_APP as MAIN } from './fixtures';
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const id = (birth: string, n: number) => {
  const f = `110105${birth}${String(n).padStart(2, '0')}${n % 2 ? 1 : 2}`;
  return f + '10X98765432'[[...f].reduce((s, d, k) => s + Number(d) * W[k]!, 0) % 11];
};
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screens/imports-${name}.png`, fullPage: true });

// Registrar work happens on a tablet.
test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name !== 'tablet', 'tablet only'));

test('a registrar imports a GBK CSV with broken rows, sees the result and downloads the report', async ({ page }) => {
  await signIn(page, 'registrar');
  await page.getByRole('link', { name: '数据导入' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('学籍与录取数据导入');
  await shot(page, '1-upload');

  // Old Excel: refused with a clear message.
  await page
    .locator('input[type=file]')
    .setInputFiles({ name: 'old.xls', mimeType: 'application/vnd.ms-excel', buffer: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]) });
  await page.getByRole('button', { name: '上传并预览' }).click();
  await expect(page.locator('p[role=alert]')).toContainText('.xls');

  const rows = [
    ['2026990001', '张三', '男', '2007-03-07', id('20070307', 11), '汉族', 'CS', '软件工程', '2026级'],
    ['2026990002', '迪丽努尔·艾买提', '女', '2007/3/8', id('20070308', 12), '维吾尔族', '外国语学院', '英语', '2026'],
    ['2026990003', '', '女', '2007-03-09', id('20070309', 14), '汉族', 'MATH', '数学', '2026'],
    ['2026990004', '李四', '男', '2007-13-40', id('20070310', 15), '汉族', 'MATH', '数学', '2026'],
    ['2026990001', '张三', '男', '2007-03-07', id('20070307', 11), '汉族', 'CS', '软件工程', '2026'],
  ];
  const csv = `学号,姓名,性别,出生日期,身份证号,民族,学院,专业,年级\r\n${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;
  await page.locator('input[type=file]').setInputFiles({ name: '2026级学籍.csv', mimeType: 'text/csv', buffer: iconv.encode(csv, 'gbk') });
  await page.getByRole('button', { name: '上传并预览' }).click();
  await expect(page.getByTestId('import-facts')).toContainText('GBK / GB18030');
  await expect(page.getByTestId('import-preview')).toContainText('迪丽努尔·艾买提');
  await expect(page.getByTestId('import-preview')).not.toContainText(rows[0]![4]!);
  await expect(page.locator('select[name="map.student_number"]')).toHaveValue('学号');
  await shot(page, '2-mapping');

  // A required field unmapped: back to the mapping step with the field marked.
  await page.locator('select[name="map.student_number"]').selectOption('');
  await page.getByTestId('run-import').click();
  await expect(page.locator('p[role=alert]')).toContainText('列的对应关系有误');
  await expect(page.locator('select[name="map.student_number"]')).toHaveAttribute('aria-invalid', 'true');
  await page.locator('select[name="map.student_number"]').selectOption('学号');
  await page.getByTestId('run-import').click();
  await expect(page.getByTestId('import-status')).toHaveText('已完成');
  await expect(page.getByTestId('import-counts')).toContainText('2');
  await expect(page.getByTestId('import-errors')).toContainText('学号（或考生号）在文件中重复出现');
  await expect(page.getByTestId('import-errors')).toContainText('日期无效');
  await shot(page, '3-result');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-errors').click()]);
  const body = readFileSync(await download.path());
  expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  expect(body.toString('utf8')).toContain('行号,列,问题,错误代码');

  await page.getByRole('link', { name: /返回数据导入/ }).click();
  await expect(page.getByTestId('import-runs')).toContainText('2026级学籍.csv');
  await expect(page.getByTestId('import-runs')).toContainText('刘老师');
  await shot(page, '4-runs');

  await page.goto('/staff/students?q=2026990002');
  await expect(page.getByTestId('roster')).toContainText('迪丽努尔·艾买提');
});

test('a reviewer has no imports', async ({ page }) => {
  await signIn(page, 'rev-fl');
  await expect(page.getByRole('link', { name: '数据导入' })).toHaveCount(0);
  await page.goto('/staff/imports');
  await expect(page).toHaveURL(/\/staff$/);
  const res = await page.request.post('/staff/imports/upload?kind=registrar&name=a.csv', { data: 'a,b\n1,2\n', headers: { origin: MAIN } });
  expect(res.status()).toBe(403);
  const cross = await page.request.post('/staff/imports/upload?kind=registrar&name=a.csv', { data: 'a,b\n1,2\n', headers: { origin: 'http://evil.example' } });
  expect(cross.status()).toBe(403);
});

test('an admissions workbook in English', async ({ page }) => {
  await signIn(page, 'registrar');
  await page.goto('/staff/imports');
  await page.getByTestId('locale-switch').filter({ visible: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Registrar and admissions imports');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('录取');
  ws.addRow(['考生号', '考生姓名', '身份证号', '录取学院', '录取专业', '录取年份']);
  ws.addRow(['26110101000001', '王小明', id('20080101', 21), '计算机科学与技术学院', '软件工程', 2026]);
  ws.addRow(['26110101000002', '赵小红', id('20080102', 22).slice(0, 17) + '0', 'FL', '英语', 2026]);
  await page.getByLabel(/Admissions/).check();
  await page.locator('input[type=file]').setInputFiles({
    name: 'admissions.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: Buffer.from(await wb.xlsx.writeBuffer()),
  });
  await page.getByRole('button', { name: 'Upload and preview' }).click();
  await expect(page.getByTestId('import-facts')).toContainText('Excel workbook');
  await expect(page.locator('select[name="map.exam_number"]')).toHaveValue('考生号');
  await shot(page, '5-en-mapping');
  await page.getByTestId('run-import').click();
  await expect(page.getByTestId('import-status')).toHaveText('Done');
  await expect(page.getByTestId('import-errors')).toContainText('check character');
  await shot(page, '6-en-result');
});
