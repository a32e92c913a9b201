import { randomUUID } from 'node:crypto';
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

/** Drops the databases `freshPostgres` made, closing any connection still open to them. */
export async function dropPostgres(databases: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  for (const name of databases.splice(0)) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

/** The Redis server the tests may share (an empty REDIS_URL means unset: the local one). */
export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/**
 * What in-process servers share to act as several processes of one clinic: a fresh PostgreSQL
 * database (added to `databases` for `dropPostgres`), the Redis server and a stream of their own.
 */
export async function sharedStore(databases: string[], prefix: string) {
  return { databaseUrl: await freshPostgres(databases, prefix), redisUrl: REDIS_URL, redisStream: `vigil-test-${randomUUID()}` };
}
