/**
 * The client learns the server's clock; timers are computed on server time so a screen with
 * a wrong clock, or one that reloads or reconnects, shows the same countdown as every other.
 * Pure: the socket module gathers samples (`time.sync`) and passes them in.
 */

/** One `time.sync` round trip: client clock when sent and received, server clock in between. */
export interface ClockSample {
  clientSentAt: number;
  serverNow: number;
  clientReceivedAt: number;
}

export interface ClockEstimate {
  /** Server time minus client time at the sync (positive: the client's clock is behind). */
  offsetMs: number;
  /** The round trip of the sample used; the offset is uncertain by about half of it. */
  roundTripMs: number;
  /** Client time at the middle of the round trip, when the server most likely read its clock. */
  syncedAtClient: number;
  /** The server's clock at that moment. */
  serverAtSync: number;
}

/**
 * NTP-style estimate from the sample with the smallest round trip (the least queueing delay,
 * so the tightest bound). Samples whose client clock ran backwards are ignored. Null when no
 * sample is usable.
 */
export function estimateOffset(samples: readonly ClockSample[]): ClockEstimate | null {
  let best: ClockSample | null = null;
  for (const sample of samples) {
    const roundTrip = sample.clientReceivedAt - sample.clientSentAt;
    if (!Number.isFinite(roundTrip) || roundTrip < 0 || !Number.isFinite(sample.serverNow)) continue;
    if (best === null || roundTrip < best.clientReceivedAt - best.clientSentAt) best = sample;
  }
  if (best === null) return null;
  const syncedAtClient = (best.clientSentAt + best.clientReceivedAt) / 2;
  return {
    offsetMs: best.serverNow - syncedAtClient,
    roundTripMs: best.clientReceivedAt - best.clientSentAt,
    syncedAtClient,
    serverAtSync: best.serverNow,
  };
}

export interface ServerNowInput {
  clientNow: number;
  /** Server milliseconds per real millisecond: 1 normally, e.g. 10 in a sped-up demo. */
  clockRate: number;
  syncedAtClient: number;
  serverAtSync: number;
}

/**
 * The server's clock now, from the client's clock: serverAtSync + (clientNow - syncedAtClient)
 * * clockRate. At rate 1 this is clientNow + offsetMs; the form with the sync point also holds
 * when the server's (demo) clock runs faster than real time. Spread a ClockEstimate in.
 */
export function serverNowFrom(input: ServerNowInput): number {
  return input.serverAtSync + (input.clientNow - input.syncedAtClient) * input.clockRate;
}
