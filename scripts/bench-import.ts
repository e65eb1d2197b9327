/**
 * `npm run bench:import` — a 50,000-row registrar (学籍) import on PostgreSQL, end to end.
 *
 * Writes a realistic CSV (valid rows, correct check digits, a few schools) to a temp file, creates
 * a fresh database on 127.0.0.1:5432 (BENCH_PG_URL to change), migrates it, runs runImport as a
 * registrar and measures wall time and peak RSS (sampled every 50 ms). Then the same file again
 * (everything unchanged), and the comparison step when lib/server/compare provides one, on a sample
 * of submitted forms. A plain COPY of the same file into a staging table runs just before and just
 * after the import, and the import's time is printed as a ratio to it (ratio_copy; issue 14 asks
 * ≤ 3). The database and temp files are removed at the end. The last line of output
 * is one JSON object for CI to parse.
 *
 * Runs with --conditions=react-server so `server-only` imports resolve as on the server.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import postgres from 'postgres';

const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 300);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// Environment before any app module reads it: a throwaway DATA_DIR and generated keys, so getEnv()
// works without touching the repository's .data.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'civ-bench-import-'));
process.env.DATA_DIR = path.join(tmp, 'data');
process.env.PII_ENCRYPTION_KEYS = `bench1:${randomBytes(32).toString('base64')}`;
process.env.PII_BLIND_INDEX_KEY = randomBytes(32).toString('base64');

const DEPARTMENTS = [
  { code: 'CS', zh: '计算机科学与技术学院', en: 'School of Computer Science and Technology', majors: ['计算机科学与技术', '软件工程', '人工智能'] },
  { code: 'FL', zh: '外国语学院', en: 'School of Foreign Languages', majors: ['英语', '日语', '翻译'] },
  { code: 'MATH', zh: '数学科学学院', en: 'School of Mathematical Sciences', majors: ['数学与应用数学', '统计学'] },
  { code: 'ECON', zh: '经济学院', en: 'School of Economics', majors: ['经济学', '金融学', '国际经济与贸易'] },
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '欧阳', '司马'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '子涵', '浩然', '雨桐', '思远'];
const REGIONS = ['110105', '310104', '440305', '510107', '330106', '420111'];
const ETHNIC = ['汉族', '汉族', '汉族', '汉族', '回族', '满族', '壮族', '维吾尔族', '蒙古族'];
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/**
 * Row i of the file, the same on every call (the comparison sample rebuilds forms from it). Birth
 * date, region and sequence are spread so that no two rows share an ID number.
 */
function row(i: number) {
  const cohort = 2022 + (i % 4);
  const j = Math.floor(i / 4); // index within the cohort
  const dept = DEPARTMENTS[i % DEPARTMENTS.length]!;
  const male = i % 2 === 0;
  const combo = j % (365 * REGIONS.length);
  const birth = new Date(Date.UTC(cohort - 18, 0, 1 + (combo % 365)));
  const ymd = birth.toISOString().slice(0, 10);
  const serial = Math.floor(j / (365 * REGIONS.length)); // 0..5 for 50,000 rows
  const seq = `${String(serial * 7 + (i % 7)).padStart(2, '0')}${male ? 2 * (j % 5) + 1 : 2 * (j % 5)}`;
  const first17 = `${REGIONS[Math.floor(combo / 365)]}${ymd.replace(/-/g, '')}${seq}`;
  const sum = [...first17].reduce((s, d, k) => s + Number(d) * WEIGHTS[k]!, 0);
  const h = Math.imul(i + 1, 2654435761) >>> 0;
  return {
    studentNumber: `${cohort}${String(i).padStart(6, '0')}`,
    // Multiplicative hashing spreads names, so that name + birth date rarely repeats in a cohort.
    name: SURNAMES[h % SURNAMES.length]! + GIVEN[(h >>> 8) % GIVEN.length]! + ((h >>> 16) % 3 === 0 ? GIVEN[(h >>> 20) % GIVEN.length]! : ''),
    sex: male ? '男' : '女',
    birth: ymd,
    idNumber: first17 + '10X98765432'[sum % 11]!,
    ethnicity: ETHNIC[i % ETHNIC.length]!,
    // Exports name schools inconsistently: code, Chinese name, English name.
    department: [dept.code, dept.zh, dept.en][i % 3]!,
    major: dept.majors[i % dept.majors.length]!,
    cohort,
  };
}

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('\uFEFF学号,姓名,性别,出生日期,证件类型,身份证号,民族,院系,专业,年级,学籍状态\r\n');
  for (let i = 0; i < ROWS; i++) {
    const r = row(i);
    const line = `${r.studentNumber},${r.name},${r.sex},${r.birth},居民身份证,${r.idNumber},${r.ethnicity},"${r.department}",${r.major},${r.cohort}级,在读\r\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** CPU seconds of the database server's backends for this database (same machine only; null otherwise). */
async function backendCpu(admin: postgres.Sql, db: string): Promise<number | null> {
  const { readFile } = await import('node:fs/promises');
  const pids = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${db}`;
  let ticks = 0;
  for (const { pid } of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (!stat) return null;
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(f[11]) + Number(f[12]); // utime, stime
  }
  return ticks / 100; // USER_HZ
}

/**
 * The baseline (issue 14): the same file, byte for byte, through a plain COPY into a staging table
 * of eleven text columns — what PostgreSQL needs to take the rows in at all, on this machine now.
 */
async function copyBaseline(sql: postgres.Sql, file: string): Promise<number> {
  await sql`drop table if exists bench_copy_staging`;
  await sql.unsafe(`create table bench_copy_staging (${Array.from({ length: 11 }, (_, i) => `c${i + 1} text`).join(', ')})`);
  const t0 = performance.now();
  const sink = await sql.unsafe('copy bench_copy_staging from stdin with (format csv, header true)').writable();
  await pipeline(createReadStream(file), sink);
  const seconds = (performance.now() - t0) / 1000;
  const [n] = await sql<{ n: number }[]>`select count(*)::int as n from bench_copy_staging`;
  if (n!.n !== ROWS) throw new Error(`COPY baseline loaded ${n!.n} rows, expected ${ROWS}`);
  return seconds;
}

function sampleRss(): { stop: () => number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  return { stop: () => (clearInterval(timer), Math.max(peak, process.memoryUsage.rss())) };
}

async function main() {
  const { setDbForTests } = await import('../lib/server/db/client');
  const { migrate } = await import('../lib/server/db/migrate');
  const { openPostgres } = await import('../lib/server/db/postgres');
  const { loadAccess } = await import('../lib/server/auth/access');
  const { runImport } = await import('../lib/server/imports/run-import');

  const csv = path.join(tmp, 'registrar-50k.csv');
  await writeCsv(csv);
  const name = `civ_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
  // name is digits and hex, safe as an identifier.
  await admin.unsafe(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  try {
    const migrator = openPostgres(url.toString(), { max: 1 });
    await migrate(migrator);
    await migrator.close();
    const db = openPostgres(url.toString(), { max: 5 });
    setDbForTests(db);
    try {
      for (const d of DEPARTMENTS) await db.query('insert into public.departments (code, name_zh, name_en) values ($1, $2, $3)', [d.code, d.zh, d.en]);
      const [u] = await db.query<{ id: string }>(
        `insert into public.app_users (issuer, subject, display_name) values ('https://bench', 'registrar', '学籍办') returning id`,
      );
      await db.query(`insert into public.staff_roles (user_id, role) values ($1, 'registrar')`, [u!.id]);
      const registrar = await loadAccess({ userId: u!.id, ip: '127.0.0.1', userAgent: 'bench' });
      const mapping = {
        student_number: '学号',
        name: '姓名',
        sex: '性别',
        birth_date: '出生日期',
        id_type: '证件类型',
        id_number: '身份证号',
        ethnicity: '民族',
        department: '院系',
        major: '专业',
        cohort: '年级',
        status: '学籍状态',
      };

      await db.query('select 1'); // the pool's connections exist before the CPU baseline
      // COPY before and after the import (interleaved), the mean is the baseline.
      const copySql = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const copyBefore = await copyBaseline(copySql, csv);
      const pgCpu0 = await backendCpu(admin, name);
      const rssBefore = process.memoryUsage.rss();
      const cpu0 = process.cpuUsage();
      const rss = sampleRss();
      const t0 = performance.now();
      const first = await runImport({ access: registrar, input: { kind: 'registrar', fileName: 'registrar-50k.csv', filePath: csv, mapping } });
      const seconds = (performance.now() - t0) / 1000;
      const peak = rss.stop();
      const cpu = process.cpuUsage(cpu0);
      const copyAfter = await copyBaseline(copySql, csv);
      await copySql`drop table bench_copy_staging`;
      await copySql.end();
      const copySeconds = (copyBefore + copyAfter) / 2;
      console.log(`COPY of the same file into a staging table: ${copyBefore.toFixed(2)} s before, ${copyAfter.toFixed(2)} s after the import`);
      const pgCpu1 = await backendCpu(admin, name);
      // On a busy machine wall time says little; CPU time of both sides says what the import costs.
      console.log(`rss: ${Math.round(rssBefore / 1048576)} MB before the import, peak ${Math.round(peak / 1048576)} MB during it`);
      console.log(
        `cpu: node ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, postgres ${pgCpu0 === null || pgCpu1 === null ? 'n/a' : (pgCpu1 - pgCpu0).toFixed(2) + ' s'}, load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
      );
      if (first.status !== 'succeeded' || first.inserted !== ROWS)
        throw new Error(`import did not land every row: ${JSON.stringify({ ...first, error: String(first.error) })}`);
      console.log(`first import: ${first.inserted} inserted, ${first.errorRows} errors, roster +${first.roster?.inserted} in ${seconds.toFixed(2)} s`);

      const t1 = performance.now();
      const again = await runImport({ access: registrar, input: { kind: 'registrar', fileName: 'registrar-50k.csv', filePath: csv, mapping } });
      console.log(
        `same file again: ${again.unchanged} unchanged, ${again.inserted + again.updated} written in ${((performance.now() - t1) / 1000).toFixed(2)} s`,
      );

      const comparison = await compareStep(db, registrar);
      console.log(`comparison: ${JSON.stringify(comparison)}`);
      console.log(
        JSON.stringify({
          rows: ROWS,
          seconds: Number(seconds.toFixed(2)),
          rows_per_s: Math.round(ROWS / seconds),
          copy_seconds: Number(copySeconds.toFixed(2)),
          ratio_copy: Number((seconds / copySeconds).toFixed(2)),
          peak_rss_mb: Math.round(peak / 1048576),
          comparison,
        }),
      );
    } finally {
      setDbForTests(undefined);
      await db.close();
    }
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The comparison of submitted forms with the registrar's records, if lib/server/compare offers a
 * bulk entry point: a sample of students sign in and submit (one in ten with a typo in the name),
 * then everything pending is compared.
 */
async function compareStep(db: import('../lib/server/db/types').Database, registrar: unknown): Promise<unknown> {
  let compareAll: ((opts?: { limit?: number }) => Promise<unknown>) | undefined;
  try {
    const mod = (await import('../lib/server/compare/compare-all-pending')) as Record<string, unknown>;
    compareAll = typeof mod.compareAllPending === 'function' ? (mod.compareAllPending as typeof compareAll) : undefined;
  } catch {
    compareAll = undefined;
  }
  if (!compareAll || !registrar) return 'n/a';
  try {
    const { loadAccess } = await import('../lib/server/auth/access');
    const { acceptNotice } = await import('../lib/server/identity/accept-notice');
    const { submitIdentity } = await import('../lib/server/identity/submit');
    const { NOTICE_VERSION } = await import('../lib/identity/notice');
    const { makeReadyPhoto } = await import('../tests/factories');
    const { parseEthnicity } = await import('../lib/server/imports/values');
    const step = Math.max(1, Math.floor(ROWS / SUBMISSIONS));
    const t0 = performance.now();
    for (let k = 0; k < SUBMISSIONS; k++) {
      const r = row(k * step);
      const [s] = await db.query<{ id: string }>('select id from public.students where student_number = $1', [r.studentNumber]);
      const [u] = await db.query<{ id: string }>(
        `insert into public.app_users (issuer, subject, display_name, student_number) values ('https://bench', $1, $2, $1) returning id`,
        [r.studentNumber, r.name],
      );
      await db.query('update public.students set user_id = $1 where id = $2', [u!.id, s!.id]);
      const access = await loadAccess({ userId: u!.id });
      await acceptNotice({ access, input: { version: NOTICE_VERSION } });
      for (const kind of ['id_front', 'id_back']) await makeReadyPhoto(db, s!.id, u!.id, kind);
      const eth = parseEthnicity(r.ethnicity);
      await submitIdentity({
        access,
        input: {
          idempotencyKey: crypto.randomUUID(),
          form: {
            legalName: k % 10 === 0 ? `${r.name}某` : r.name,
            latinName: '',
            sex: r.sex === '男' ? 'male' : 'female',
            birthDate: r.birth,
            ethnicity: eth.ok ? eth.value! : '01',
            idType: 'cn_resident',
            idNumber: r.idNumber,
            idIssuingCountry: '',
            phone: `139${String(10_000_000 + k).slice(-8)}`,
            email: `s${k}@stu.example.edu.cn`,
          },
        },
      });
    }
    const seedSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const result = await compareAll({ limit: 100_000 });
    return { submissions: SUBMISSIONS, seed_seconds: Number(seedSeconds.toFixed(2)), seconds: Number(((performance.now() - t1) / 1000).toFixed(2)), result };
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
