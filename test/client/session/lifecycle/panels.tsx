import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { OutboxEntry } from '../../../../client/src/outbox/storage';
import { DischargePanel } from '../../../../client/src/session/lifecycle/DischargePanel';
import { LifecyclePanels } from '../../../../client/src/session/lifecycle/LifecyclePanels';
import type { Role } from '../../../../shared/roles';
import { spravato, submitSpy, type sessionLog } from './fixtures';

type SessionLog = ReturnType<typeof sessionLog>;

/** The signed-in nurse of the closed-record tests. */
export const nurseDemo = { userId: 'u-nurse', username: 'nurse', displayName: 'Nurse Demo', role: 'nurse' as const };

/** The discharge panel for `role`, `nowMinutes` into the session's log; returns the submit spy and a user. */
export function renderDischargePanel(log: SessionLog, role: Role, nowMinutes: number) {
  const submit = submitSpy();
  render(
    <DischargePanel
      state={log.state()}
      protocol={spravato}
      role={role}
      now={log.minutes(nowMinutes)}
      pending={[]}
      submit={submit}
      onDiscard={() => undefined}
    />,
  );
  return { submit, user: userEvent.setup() };
}

/** Every lifecycle panel of the session page, as `user` sees them `nowMinutes` into the log. */
export function renderLifecyclePanels(
  log: SessionLog,
  user: { userId: string; username: string; displayName: string; role: Role },
  nowMinutes: number,
) {
  const submit = submitSpy();
  const now = log.minutes(nowMinutes);
  render(
    <LifecyclePanels
      state={log.state()}
      protocol={spravato}
      user={user}
      now={now}
      serverNow={() => now}
      entries={[]}
      submit={submit}
      onDiscard={() => undefined}
    />,
  );
  return { submit, user: userEvent.setup() };
}

/** A command in the outbox for session s-1, made by the nurse: waiting to be sent unless `entry` says otherwise. */
export function outboxEntry(entry: Pick<OutboxEntry, 'commandId' | 'event' | 'request'> & Partial<OutboxEntry>): OutboxEntry {
  return { sessionId: 's-1', userId: 'u-nurse', createdAt: 0, status: 'waiting', refusal: null, attempts: 0, ...entry };
}
