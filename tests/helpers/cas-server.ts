import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Runs a real CAS server — Debian's python3-django-cas-server, a small Django project in
 * tests/cas-server — on its own port with its own SQLite file, for integration and e2e tests.
 * Debian's /usr/bin/python3 is used on purpose: a python earlier on PATH (pyenv) cannot see
 * Debian's packages.
 */
export interface CasAccount {
  password: string;
  attributes: Record<string, string | string[]>;
}

export interface CasServer {
  /** The CAS base URL, e.g. http://127.0.0.1:5902/cas */
  url: string;
  port: number;
  stop(): Promise<void>;
}

const PROJECT = path.resolve(import.meta.dirname, '../cas-server');
export const PYTHON = '/usr/bin/python3';

export function casServerAvailable(): boolean {
  const r = spawnSync(PYTHON, ['-c', 'import cas_server, django'], { stdio: 'ignore' });
  return r.status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function startCasServer(opts: {
  accounts: Record<string, CasAccount>;
  servicePattern: string;
  port?: number;
  ticketValidity?: number;
}): Promise<CasServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cas-'));
  const env = {
    ...process.env,
    PYTHONDONTWRITEBYTECODE: '1',
    CAS_DB: path.join(dir, 'cas.sqlite3'),
    CAS_USERS: path.join(dir, 'users.json'),
    CAS_SERVICE_PATTERN: opts.servicePattern,
    CAS_TICKET_VALIDITY: String(opts.ticketValidity ?? 60),
  };
  writeFileSync(env.CAS_USERS, JSON.stringify(opts.accounts));
  const run = (args: string[]) => {
    const r = spawnSync(PYTHON, ['manage.py', ...args], { cwd: PROJECT, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`CAS server setup failed (${args.join(' ')}): ${r.stderr || r.stdout}`);
  };
  run(['migrate', '--noinput']);
  run(['shell', '-c', "exec(open('casproject/setup_service.py').read())"]);
  const port = opts.port ?? (await freePort());
  const child: ChildProcess = spawn(PYTHON, ['manage.py', 'runserver', `127.0.0.1:${port}`, '--noreload', '--insecure'], {
    cwd: PROJECT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += String(d)));
  child.stderr?.on('data', (d) => (log += String(d)));
  const url = `http://127.0.0.1:${port}/cas`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`CAS server exited: ${log}`);
    try {
      const res = await fetch(`${url}/login`);
      if (res.status === 200) break;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`CAS server did not start: ${(e as Error).message}\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in at the CAS login form as a browser would; returns the service URL with its ticket. */
export async function casLogin(
  cas: CasServer,
  service: string,
  username: string,
  password: string,
  jar = new Map<string, string>(),
): Promise<{ location: string; jar: Map<string, string> }> {
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const loginUrl = `${cas.url}/login?service=${encodeURIComponent(service)}`;
  const page = await fetch(loginUrl, { redirect: 'manual', headers: { cookie: cookie() } });
  keep(page);
  if (page.status === 302) return { location: page.headers.get('location')!, jar };
  const html = await page.text();
  const field = (name: string) => html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1] ?? '';
  const res = await fetch(loginUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded', referer: loginUrl },
    body: new URLSearchParams({ username, password, lt: field('lt'), csrfmiddlewaretoken: field('csrfmiddlewaretoken'), service }),
  });
  keep(res);
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`CAS login failed for ${username}: HTTP ${res.status}`);
  return { location, jar };
}
