import 'server-only';

export interface Queryable {
  /**
   * One statement with $1.. parameters. Never build SQL text from input.
   * JSON goes in as a string cast `$n::text::jsonb`: postgres.js would JSON-encode a string bound
   * to a jsonb parameter a second time; PGlite would not — the text cast makes both agree.
   */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export type Tx = Queryable;

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Several statements without parameters (migrations only). */
  exec(sqlText: string): Promise<void>;
  close(): Promise<void>;
}
