import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';

/** PostgreSQL 15's server binaries as Debian installs them. */
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const havePgBinaries = existsSync(path.join(PG_BIN, 'initdb')) && existsSync(path.join(PG_BIN, 'pg_ctl'));

/**
 * A throw-away PostgreSQL cluster on its own port, for fault tests that restart the server.
 * Never the shared server on 5432. initdb refuses to run as root, so as root the cluster is
 * created and run as the `postgres` system user, with its data directory under /tmp.
 */
export class PrivatePg {
  readonly dir: string;
  readonly url: string;

  private constructor(
    readonly port: number,
    dir: string,
  ) {
    this.dir = dir;
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  private static run(bin: string, args: string[]): string {
    const exe = path.join(PG_BIN, bin);
    const asRoot = userInfo().uid === 0;
    return execFileSync(asRoot ? 'runuser' : exe, asRoot ? ['-u', 'postgres', '--', exe, ...args] : args, { encoding: 'utf8', stdio: 'pipe' });
  }

  static start(port: number): PrivatePg {
    const dir = mkdtempSync('/tmp/civ-fault-pg-');
    if (userInfo().uid === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    const pg = new PrivatePg(port, dir);
    PrivatePg.run('initdb', ['-D', path.join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
    pg.ctl(['start']);
    return pg;
  }

  private ctl(args: string[]): void {
    // Unix socket in the data dir (never /var/run/postgresql, the shared server's); TCP on our port only.
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
    PrivatePg.run('pg_ctl', ['-D', path.join(this.dir, 'data'), '-l', path.join(this.dir, 'log'), '-o', opts, '-w', '-t', '30', ...args]);
  }

  /** `pg_ctl restart -m fast -w`: returns once the server accepts connections again. */
  restart(): void {
    this.ctl(['restart', '-m', 'fast']);
  }

  stop(): void {
    try {
      this.ctl(['stop', '-m', 'immediate']);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
