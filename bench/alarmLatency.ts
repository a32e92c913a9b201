import { randomUUID } from 'node:crypto';
import type { SessionEvent } from '../shared/session/events';
import { connectClient, goodVitals, request, signIn, type TestSocket } from '../test/support/server';
import { openWatchers, withVigil } from './vigilFanout';

/**
 * A reading that crosses a limit, to the alarm on every watching screen: a nurse records SpO2 88
 * (the high limit is <= 90, no repeat measurement asked for); a sample is the time from sending
 * it to one screen receiving the `alarm.raised` event (commit, the alarm engine's evaluation of
 * the protocol rules, the alarm's own commit, broadcast). The reading's own arrival is timed on
 * the same screens for comparison. Between samples the alarm is acknowledged and a normal
 * reading clears it, so each sample raises a fresh occurrence.
 */
export interface AlarmLatencySamples {
  /** Reading sent -> `alarm.raised` at each screen. */
  alarm: number[];
  /** Reading sent -> its `vitals.recorded` at each screen (the same readings). */
  reading: number[];
}

const ALARM_ID = 'limit:spo2-high';

function waitAll(
  watchers: TestSocket[],
  match: (event: SessionEvent) => boolean,
  onArrival: (elapsedMs: number) => void,
  sentAt: () => number,
) {
  return Promise.all(
    watchers.map(
      (watcher) =>
        new Promise<void>((resolve) => {
          const listener = (event: SessionEvent) => {
            if (!match(event)) return;
            onArrival(performance.now() - sentAt());
            watcher.off('session.event', listener);
            resolve();
          };
          watcher.on('session.event', listener);
        }),
    ),
  );
}

const isAlarm = (type: SessionEvent['type']) => (event: SessionEvent) =>
  event.type === type && 'alarmId' in event.payload && event.payload.alarmId === ALARM_ID;

export async function measureAlarmLatency(watcherCount: number, messages: number): Promise<AlarmLatencySamples> {
  return withVigil(async (vigil, sessionId) => {
    const nurse = await connectClient(vigil.url, await signIn(vigil, 'nurse'));
    const watchers = await openWatchers(vigil, sessionId, watcherCount);
    const samples: AlarmLatencySamples = { alarm: [], reading: [] };
    let sentAt = 0;
    for (let i = 0; i < messages; i += 1) {
      const commandId = randomUUID();
      const raised = waitAll(
        watchers,
        isAlarm('alarm.raised'),
        (ms) => samples.alarm.push(ms),
        () => sentAt,
      );
      const recorded = waitAll(
        watchers,
        (event) => event.type === 'vitals.recorded' && event.commandId === commandId,
        (ms) => samples.reading.push(ms),
        () => sentAt,
      );
      sentAt = performance.now();
      void request(nurse, 'vitals.record', {
        commandId,
        sessionId,
        observedAt: vigil.clock.now(),
        vitals: { ...goodVitals, spo2Percent: 88 },
      });
      await Promise.all([raised, recorded]);

      // Reset (not timed): own the alarm, then a normal reading clears it everywhere.
      const cleared = waitAll(
        watchers,
        isAlarm('alarm.cleared'),
        () => undefined,
        () => sentAt,
      );
      // A crossing soon after the last one continues its episode (shared/alerts/planner.ts): still owned, nothing to acknowledge.
      const ack = await request(nurse, 'alarm.acknowledge', { commandId: randomUUID(), sessionId, alarmId: ALARM_ID });
      const stillOwned = !ack.ok && ack.error.code === 'conflict' && ack.error.message.includes('already acknowledged');
      if (!ack.ok && !stillOwned) throw new Error(`acknowledge failed: ${ack.error.message}`);
      await request(nurse, 'vitals.record', {
        commandId: randomUUID(),
        sessionId,
        observedAt: vigil.clock.now(),
        vitals: { ...goodVitals },
      });
      await cleared;
    }
    for (const socket of [nurse, ...watchers]) socket.disconnect();
    return samples;
  });
}
