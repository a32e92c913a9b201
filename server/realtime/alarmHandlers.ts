import { alarmAcknowledgeRequestSchema, alarmPauseAudioRequestSchema, readingMarkArtifactRequestSchema } from '../../shared/realtime/requests';
import { acknowledgeAlarm } from '../commands/acknowledgeAlarm';
import { markArtifact } from '../commands/markArtifact';
import { pauseAlarmAudio } from '../commands/pauseAlarmAudio';
import { handle, type HandlerDeps } from './handler';
import type { RealtimeDeps } from './sessionHandlers';
import { auditCommitted, commandContextOf } from './socketContext';
import type { VigilSocket } from './types';

/** Wire events of the alarm commands, for the known-events list in io.ts. */
export const ALARM_EVENTS = ['alarm.acknowledge', 'reading.markArtifact', 'alarm.pauseAudio'] as const;

/** Alarm commands: parse (zod) -> policy -> command; each stored command is audited. */
export function registerAlarmHandlers(socket: VigilSocket, handlerDeps: HandlerDeps, deps: RealtimeDeps): void {
  const context = () => commandContextOf(socket, deps);

  handle(socket, handlerDeps, 'alarm.acknowledge', {
    schema: alarmAcknowledgeRequestSchema,
    action: 'alarm.acknowledge',
    run: async (request) =>
      auditCommitted(socket, deps, 'alarm.acknowledge', await acknowledgeAlarm(context(), request), {
        commandId: request.commandId,
        alarmId: request.alarmId,
      }),
  });

  handle(socket, handlerDeps, 'reading.markArtifact', {
    schema: readingMarkArtifactRequestSchema,
    action: 'reading.markArtifact',
    run: async (request) =>
      auditCommitted(socket, deps, 'reading.markArtifact', await markArtifact(context(), request), {
        commandId: request.commandId,
        readingId: request.readingId,
      }),
  });

  handle(socket, handlerDeps, 'alarm.pauseAudio', {
    schema: alarmPauseAudioRequestSchema,
    action: 'alarm.pauseAudio',
    run: async (request) => {
      const result = await pauseAlarmAudio(context(), request);
      const untilMs = result.ok && result.event.type === 'alarm.audioPaused' ? result.event.payload.untilMs : null;
      return auditCommitted(socket, deps, 'alarm.pauseAudio', result, { commandId: request.commandId, untilMs });
    },
  });
}
