import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { SessionService } from '../sessions/sessionService';
import type { VigilServer } from './types';

export interface Cluster {
  close(): Promise<void>;
}

/**
 * Several Vigil processes behind one address share one store (PostgreSQL) and Redis. The
 * Socket.IO Redis Streams adapter carries every broadcast to the screens connected to any
 * process; each committed event is also told to the other processes so their in-memory copy
 * of the session stays current (they fold it in; they do not broadcast it again).
 */
export async function joinCluster(
  io: VigilServer,
  sessions: SessionService,
  options: { redisUrl: string; streamName: string },
  logError: (error: unknown) => void,
): Promise<Cluster> {
  const client = createClient({ url: options.redisUrl });
  client.on('error', logError);
  await client.connect();
  io.adapter(createAdapter(client, { streamName: options.streamName }) as never);

  io.on('vigil.committed', (events) => {
    for (const event of events) sessions.ingestRemote(event).catch(logError);
  });
  const stop = sessions.onCommitted((events) => {
    io.serverSideEmit('vigil.committed', events);
  });

  return {
    async close() {
      stop();
      await client.quit().catch(() => undefined);
    },
  };
}
