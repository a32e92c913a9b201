import fs from 'node:fs';
import path from 'node:path';
import { StoreUnavailableError } from './errors';

/**
 * The SQLite writer commits with `synchronous=NORMAL` (the commit writes the WAL but does not
 * fsync it, so it no longer holds the event loop for the disk) and this syncs the WAL file off
 * the loop (libuv's thread pool) before anything that commit holds is acknowledged or read.
 * Commits are numbered; `durable(n)` resolves once commit n and every one before it are on disk:
 * one fsync covers every commit made before it started (the WAL is one file, written in order).
 * A crash of the process alone loses nothing either way (the commit is in the kernel's page
 * cache); a power cut loses only what nobody was told about.
 */
export interface WalSync {
  /** Count a commit just made on the writer; returns its number. */
  committed(): number;
  /** The number of the last commit made so far: what a read started now may see. */
  latest(): number;
  /** Resolves once commit `upTo` and every one before it are on disk; rejects when the WAL cannot be synced. */
  durable(upTo: number): Promise<void>;
  close(): void;
}

/** The fsync itself (tests hold it to see that nothing waits less). */
export type SyncFile = (fd: number) => Promise<void>;

const fsyncFd: SyncFile = (fd) => new Promise((resolve, reject) => fs.fsync(fd, (error) => (error ? reject(error) : resolve())));

export function createWalSync(walFile: string, syncFile: SyncFile = fsyncFd): WalSync {
  let commits = 0;
  let synced = 0;
  let inFlight: Promise<void> | null = null;
  let fd: number | null = null;
  /**
   * After a failed fsync the kernel may have dropped the pages it could not write and report the
   * next fsync as a success: nothing is called durable again (every command fails as
   * store_unavailable and /readyz says why) until the process restarts and SQLite recovers.
   */
  let failure: StoreUnavailableError | null = null;

  function walFd(): number {
    if (fd !== null) return fd;
    fd = fs.openSync(walFile, 'r');
    // The WAL's name in its folder must survive a power cut too (SQLite syncs the folder when it creates the WAL).
    const dir = fs.openSync(path.dirname(walFile), 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
    return fd;
  }

  async function syncOnce(): Promise<void> {
    const covering = commits;
    try {
      await syncFile(walFd());
    } catch (error) {
      failure ??= new StoreUnavailableError('The write-ahead log could not be synced to disk', error, 'SQLITE_IOERR_FSYNC');
      throw failure;
    }
    synced = Math.max(synced, covering);
  }

  return {
    committed: () => (commits += 1),
    latest: () => commits,
    async durable(upTo) {
      while (synced < upTo) {
        if (failure) throw failure;
        inFlight ??= syncOnce().finally(() => {
          inFlight = null;
        });
        await inFlight;
      }
    },
    close() {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}
