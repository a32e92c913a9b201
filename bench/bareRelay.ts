import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';

/**
 * The yardsticks: a Socket.IO server that does nothing but relay a message to every watcher
 * and acknowledge it, and (`durable`) the same relay that first commits the message to a SQLite
 * file with WAL and synchronous=FULL (as durable as Vigil's commit): the physical floor of a durable fan-out.
 * Vigil's fan-out is compared with both on the same machine in the same run.
 */
export async function measureBareRelay(watcherCount: number, messages: number, options: { durable?: boolean } = {}): Promise<number[]> {
  const dataDir = options.durable ? fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-relay-')) : null;
  const db = dataDir ? new BetterSqlite3(path.join(dataDir, 'relay.sqlite')) : null;
  db?.pragma('journal_mode = WAL');
  db?.pragma('synchronous = FULL');
  db?.exec('create table messages (seq integer primary key, payload text not null)');
  const insert = db?.prepare('insert into messages (payload) values (?)');
  const httpServer = http.createServer();
  const io = new Server(httpServer);
  io.on('connection', (socket) => {
    socket.on('watch', (ack: () => void) => {
      void socket.join('watchers');
      ack();
    });
    socket.on('relay', (payload: unknown, ack: (r: { ok: true }) => void) => {
      // One transaction, one fsync, before anyone hears of it.
      insert?.run(JSON.stringify(payload));
      io.to('watchers').emit('relayed', payload);
      ack({ ok: true });
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const open = (): Promise<Socket> =>
    new Promise((resolve) => {
      const s = connect(url, { transports: ['websocket'], forceNew: true });
      s.once('connect', () => resolve(s));
    });
  const sender = await open();
  const watchers = await Promise.all(Array.from({ length: watcherCount }, open));
  await Promise.all(watchers.map((w) => new Promise<void>((resolve) => w.emit('watch', resolve))));
  const samples: number[] = [];
  for (let i = 0; i < messages; i += 1) {
    const sentAt = performance.now();
    const arrivals = watchers.map(
      (w) => new Promise<void>((resolve) => w.once('relayed', () => (samples.push(performance.now() - sentAt), resolve()))),
    );
    sender.emit('relay', { i, vitals: { systolicMmHg: 120, diastolicMmHg: 80 } }, () => {});
    await Promise.all(arrivals);
  }
  for (const s of [sender, ...watchers]) s.disconnect();
  await new Promise<void>((resolve) => io.close(() => resolve()));
  db?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  return samples;
}
