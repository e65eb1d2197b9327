import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { expect, MAIN_APP, screenshot, signIn, test } from './fixtures';

/**
 * Step 4 on a tablet: an administrator creates an office of its own (so no other spec is
 * touched), grants it two fields and an API client, and gives 赵会计 a reading role for it. The
 * reader sees exactly those fields and exports them; the demo student whose name looks like a
 * spreadsheet formula (lib/server/db/seed-sharing.ts) opens as plain text in both files.
 */
const FORMULA_NAME = '=HYPERLINK("https://example.invalid/leak","演示公式名")';

test('admin grants an office two fields and an API client; the reader sees and exports only those, formulas inert', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'tablet', 'office and admin pages are tablet-first; one run is enough');
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36).slice(-6);
  const code = `e2e_office_${suffix}`;
  const clientName = `e2e-office-client-${suffix}`;

  const adminCtx = await browser.newContext();
  const readerCtx = await browser.newContext({ acceptDownloads: true });
  const admin = await adminCtx.newPage();
  const reader = await readerCtx.newPage();

  // The reader signs in once so the administrator finds the account.
  await signIn(reader, 'office-finance');

  // ---- the administrator: office, grant, API client, reading role
  await signIn(admin, 'admin');
  await admin.goto('/staff/admin/offices');
  const newOffice = admin.locator('form', { has: admin.getByRole('button', { name: '新增' }) });
  await newOffice.locator('input[name=code]').fill(code);
  await newOffice.locator('input[name=nameZh]').fill(`端到端测试处${suffix}`);
  await newOffice.locator('input[name=nameEn]').fill(`E2E Office ${suffix}`);
  await newOffice.getByRole('button', { name: '新增' }).click();
  await expect(admin.getByRole('status')).toHaveText('部门已新增。');

  const card = admin.getByTestId(`office-${code}`);
  const officeId = (await card.getAttribute('id'))!.replace(/^office-/, '');
  await expect(card.getByText('尚未授权任何字段')).toBeVisible();
  await card.locator('input[name=fields][value=student_number]').check();
  await card.locator('input[name=fields][value=name]').check();
  await card.getByRole('button', { name: '保存授权' }).click();
  await expect(admin.getByRole('status')).toHaveText('授权已保存。');

  await card.locator('input[name=name]').fill(clientName);
  await card.getByRole('button', { name: '创建客户端' }).click();
  const tokenBox = card.getByTestId('new-token');
  await expect(tokenBox).toHaveValue(/^civ_/);
  const token = await tokenBox.inputValue();
  await screenshot(admin, 'office-admin-tablet.png');
  // Shown once: after a reload the page holds only the prefix.
  await admin.reload();
  await expect(admin.getByTestId(`client-${clientName}`)).toBeVisible();
  expect(await admin.content()).not.toContain(token);

  // The token works, with the granted fields only.
  const api = await adminCtx.request.get(`${MAIN_APP}/api/v1/students?limit=500`, { headers: { authorization: `Bearer ${token}` } });
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { data: { id: string; fields: Record<string, unknown> }[]; has_more: boolean };
  expect(body.has_more).toBe(false);
  expect(body.data.length).toBeGreaterThan(0);
  for (const s of body.data) expect(Object.keys(s.fields).sort()).toEqual(['name', 'student_number']);
  expect(body.data.some((s) => s.fields.name === FORMULA_NAME)).toBe(true);

  await admin.goto('/staff/admin/users');
  const row = admin.getByTestId('user-赵会计');
  await row.locator('select[name=role]').selectOption('office');
  await row.locator('select[name=officeCode]').selectOption(code);
  await row.getByRole('button', { name: '授予' }).click();
  await expect(admin.getByRole('status')).toHaveText('已授予角色。');

  // ---- the reader: the new office, on the next request, without signing in again
  await reader.goto(`/office?office=${officeId}`);
  await expect(reader.getByTestId('granted-fields')).toContainText(`端到端测试处${suffix}`);
  await expect(reader.getByTestId('granted-fields')).toContainText('学号、姓名');
  const table = reader.getByTestId('shared-table');
  await expect(table.locator('th[data-field]')).toHaveCount(2);
  expect(await table.locator('th[data-field]').evaluateAll((ths) => ths.map((th) => th.getAttribute('data-field')))).toEqual(['student_number', 'name']);
  await screenshot(reader, 'office-portal-tablet.png');

  // CSV: only the two granted columns; the formula is text.
  const [csvDownload] = await Promise.all([reader.waitForEvent('download'), reader.getByTestId('export-csv').click()]);
  const csvText = readFileSync((await csvDownload.path())!, 'utf8').replace(/^\uFEFF/, '');
  const rows = parse(csvText, { relax_column_count: false }) as string[][];
  const header = rows[0]!;
  expect(header).toEqual(['学号', '姓名']);
  expect(rows.length - 1).toBe(body.data.length);
  const nameCol = 1;
  const csvFormula = rows.find((r) => r[nameCol]!.includes('HYPERLINK'))!;
  expect(csvFormula[nameCol]).toBe(`'${FORMULA_NAME}`);
  // No ID number, phone or e-mail anywhere in the file.
  expect(csvText).not.toMatch(/\d{17}[\dX]|1[3-9]\d{9}|@stu\.example/);
  for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

  // XLSX: the same cells; the formula-like name is a string cell, not a formula.
  const [xlsxDownload] = await Promise.all([reader.waitForEvent('download'), reader.getByTestId('export-xlsx').click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await xlsxDownload.path())!);
  const ws = wb.worksheets[0]!;
  const sheet: ExcelJS.Cell[][] = [];
  ws.eachRow((r) => {
    const cells: ExcelJS.Cell[] = [];
    r.eachCell({ includeEmpty: true }, (c) => cells.push(c));
    sheet.push(cells);
  });
  expect(sheet[0]!.map((c) => String(c.value))).toEqual(header);
  expect(sheet.length - 1).toBe(body.data.length);
  const xlsxFormula = sheet.find((r) => String(r[nameCol]!.value).includes('HYPERLINK'))!;
  expect(xlsxFormula[nameCol]!.type).toBe(ExcelJS.ValueType.String);
  expect(xlsxFormula[nameCol]!.formula).toBeUndefined();
  expect(xlsxFormula[nameCol]!.value).toBe(`'${FORMULA_NAME}`);
  for (const r of sheet) for (const c of r) expect(c.type).not.toBe(ExcelJS.ValueType.Formula);

  // The office's webhooks page: in production an endpoint must be https and public (SSRF).
  await admin.goto(`/staff/admin/offices/${officeId}/webhooks`);
  await expect(admin.getByRole('heading', { name: `端到端测试处${suffix} 的 Webhooks` })).toBeVisible();
  await expect(admin.getByText('此部门尚未登记 Webhook 端点。')).toBeVisible();
  const reg = admin.getByTestId('register-endpoint');
  await reg.locator('input[name=url]').fill('http://127.0.0.1:9/hook');
  await reg.getByRole('button', { name: '登记' }).click();
  await expect(admin.getByText('生产环境只接受 https 地址。')).toBeVisible();
  await reg.locator('input[name=url]').fill('https://169.254.169.254/latest/meta-data');
  await reg.getByRole('button', { name: '登记' }).click();
  await expect(admin.getByText('该地址解析到内网、本机或链路本地地址，已拒绝（防止 SSRF）。')).toBeVisible();
  await expect(admin.getByTestId('register-endpoint-secret')).toHaveCount(0);
  await screenshot(admin, 'office-webhooks-tablet.png');

  await adminCtx.close();
  await readerCtx.close();
});
