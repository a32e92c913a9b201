import { alarmAcknowledgeRequestSchema, alarmPauseAudioRequestSchema, readingMarkArtifactRequestSchema } from '../../shared/realtime/requests';
import { acknowledgeAlarm } from '../commands/acknowledgeAlarm';
import { userActor, type CommandContext } from '../commands/context';
import { markArtifact } from '../commands/markArtifact';
import { pauseAlarmAudio } from '../commands/pauseAlarmAudio';
import { writeAudit } from '../store/audit';
import { handle, type HandlerDeps } from './handler';
import type { RealtimeDeps } from './sessionHandlers';
import type { VigilSocket } from './types';

/** Wire events of the alarm commands, for the known-events list in io.ts. */
export const ALARM_EVENTS = ['alarm.acknowledge', 'reading.markArtifact', 'alarm.pauseAudio'] as const;

/** Alarm commands: parse (zod) -> policy -> command; each stored command is audited. */
export function registerAlarmHandlers(socket: VigilSocket, handlerDeps: HandlerDeps, deps: RealtimeDeps): void {
  const context = (): CommandContext => ({
    actor: userActor(socket.data.user),
    user: socket.data.user,
    remoteAddress: socket.data.remoteAddress,
    clock: deps.clock,
    sessions: deps.sessions,
  });
  const audit = (action: string, sessionId: string, detail: Record<string, unknown>) =>
    writeAudit(deps.store.db, {
      at: deps.clock.now(),
      userId: socket.data.user.userId,
      action,
      sessionId,
      remoteAddress: socket.data.remoteAddress,
      detail,
    });

  handle(socket, handlerDeps, 'alarm.acknowledge', {
    schema: alarmAcknowledgeRequestSchema,
    action: 'alarm.acknowledge',
    run: async (request) => {
      const result = await acknowledgeAlarm(context(), request);
      if (result.ok && !result.duplicate) {
        await audit('alarm.acknowledge', request.sessionId, { commandId: request.commandId, alarmId: request.alarmId });
      }
      return result;
    },
  });

  handle(socket, handlerDeps, 'reading.markArtifact', {
    schema: readingMarkArtifactRequestSchema,
    action: 'reading.markArtifact',
    run: async (request) => {
      const result = await markArtifact(context(), request);
      if (result.ok && !result.duplicate) {
        await audit('reading.markArtifact', request.sessionId, { commandId: request.commandId, readingId: request.readingId });
      }
      return result;
    },
  });

  handle(socket, handlerDeps, 'alarm.pauseAudio', {
    schema: alarmPauseAudioRequestSchema,
    action: 'alarm.pauseAudio',
    run: async (request) => {
      const result = await pauseAlarmAudio(context(), request);
      if (result.ok && !result.duplicate && result.event.type === 'alarm.audioPaused') {
        await audit('alarm.pauseAudio', request.sessionId, { commandId: request.commandId, untilMs: result.event.payload.untilMs });
      }
      return result;
    },
  });
}
