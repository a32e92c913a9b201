import { describe, expect, it } from 'vitest';
import { estimateOffset, serverNowFrom, type ClockSample } from '../../../shared/clock/offset';

const HOUR = 3_600_000;
const REAL_START = Date.UTC(2026, 10, 22, 9, 0, 0);

/**
 * A simulated world: real time, a server clock (possibly sped up from REAL_START) and a client
 * clock off by `skewMs`. A sync sent at real time `sentReal` takes `upMs` to reach the server
 * and `downMs` to come back.
 */
function world(skewMs: number, clockRate = 1) {
  const server = (real: number) => REAL_START + (real - REAL_START) * clockRate;
  const client = (real: number) => real + skewMs;
  const sample = (sentReal: number, upMs: number, downMs: number): ClockSample => ({
    clientSentAt: client(sentReal),
    serverNow: server(sentReal + upMs),
    clientReceivedAt: client(sentReal + upMs + downMs),
  });
  return { server, client, sample };
}

describe('estimateOffset', () => {
  it('returns null with no usable sample, and ignores samples whose client clock ran backwards', () => {
    expect(estimateOffset([])).toBeNull();
    expect(estimateOffset([{ clientSentAt: 1000, serverNow: 5000, clientReceivedAt: 900 }])).toBeNull();
  });

  it('uses the sample with the smallest round trip', () => {
    const { sample } = world(0);
    const estimate = estimateOffset([sample(REAL_START, 200, 20), sample(REAL_START + 1000, 15, 15), sample(REAL_START + 2000, 40, 40)]);
    expect(estimate).toMatchObject({ roundTripMs: 30, offsetMs: 0 });
  });

  it.each([[2 * HOUR], [-5 * HOUR], [37_123]])('finds a client clock off by %i ms (symmetric delays: exact)', (skewMs) => {
    const { sample } = world(skewMs);
    expect(estimateOffset([sample(REAL_START + 10_000, 25, 25)])?.offsetMs).toBe(-skewMs);
  });

  it('is wrong by at most half the round trip when the delays are lopsided', () => {
    const { sample } = world(HOUR);
    const estimate = estimateOffset([sample(REAL_START, 90, 10)])!;
    expect(Math.abs(estimate.offsetMs - -HOUR)).toBeLessThanOrEqual(estimate.roundTripMs / 2);
  });
});

describe('serverNowFrom', () => {
  it.each([[3 * HOUR], [-3 * HOUR]])('gives the server time on a client whose clock is off by %i ms', (skewMs) => {
    const { server, client, sample } = world(skewMs);
    const estimate = estimateOffset([sample(REAL_START + 5_000, 20, 20)])!;
    const realNow = REAL_START + 47 * 60_000;
    expect(serverNowFrom({ ...estimate, clockRate: 1, clientNow: client(realNow) })).toBe(server(realNow));
    // At rate 1 this is the plain offset.
    expect(client(realNow) + estimate.offsetMs).toBe(server(realNow));
  });

  it('follows a server clock running 10x real time (demo mode)', () => {
    const { server, client, sample } = world(-2 * HOUR, 10);
    const estimate = estimateOffset([sample(REAL_START + 1_000, 30, 30)])!;
    const realNow = REAL_START + 12 * 60_000; // 12 real minutes = 120 server minutes
    expect(serverNowFrom({ ...estimate, clockRate: 10, clientNow: client(realNow) })).toBe(server(realNow));
    expect(server(realNow) - server(REAL_START)).toBe(120 * 60_000);
  });

  it('gives the same server time after a reload with new samples', () => {
    const { server, client, sample } = world(HOUR, 10);
    const first = estimateOffset([sample(REAL_START + 1_000, 40, 40), sample(REAL_START + 2_000, 10, 10)])!;
    const afterReload = estimateOffset([sample(REAL_START + 300_000, 5, 5)])!;
    const realNow = REAL_START + 400_000;
    const a = serverNowFrom({ ...first, clockRate: 10, clientNow: client(realNow) });
    const b = serverNowFrom({ ...afterReload, clockRate: 10, clientNow: client(realNow) });
    expect(a).toBe(server(realNow));
    expect(b).toBe(server(realNow));
  });
});
