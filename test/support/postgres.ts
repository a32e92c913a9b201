import pg from 'pg';

/** The PostgreSQL server the tests may use (an empty DATABASE_URL means unset: the local one). */
export const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** A database of its own on the PostgreSQL server, named `vigil_<prefix>_…`; its name is added to `databases` for `dropPostgres`. */
export async function freshPostgres(databases: string[], prefix: string): Promise<string> {
  const name = `vigil_${prefix}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  databases.push(name);
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the databases `freshPostgres` made. */
export async function dropPostgres(databases: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  for (const name of databases) await admin.query(`drop database if exists ${name}`);
  await admin.end();
}
