import { screen } from '@testing-library/react';
import { renderWithPortal } from '../../../support/portal';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authStore } from '../../../../client/src/auth/authStore';
import { openedSession } from '../../../../client/src/clinic/openSession';
import { protocolListStore } from '../../../../client/src/clinic/protocolList';
import { RoomOpenSession } from '../../../../client/src/clinic/RoomOpenSession';
import { outboxStore } from '../../../../client/src/outbox/outbox';
import type { OutboxEntry } from '../../../../client/src/outbox/storage';
import type { RoomSessionSummary, RoomSummary } from '../../../../shared/clinic/rooms';
import { defaultProtocols } from '../../../../shared/protocols/defaults';
import type { Role } from '../../../../shared/roles';

const EMPTY_ROOM: RoomSummary = { roomId: 'room-3', roomName: 'Room 3', session: null };

function signedInAs(role: Role) {
  authStore.setState({ status: 'signed_in', user: { userId: `u-${role}`, username: role, displayName: `Test ${role}`, role } });
}

function refusedOpen(): OutboxEntry {
  return {
    commandId: 'c-open',
    event: 'session.open',
    request: { commandId: 'c-open', roomId: 'room-3', patientAlias: 'A.B.', protocolId: 'ketamine-im' },
    sessionId: null,
    userId: 'u-nurse',
    createdAt: 0,
    status: 'refused',
    attempts: 1,
    refusal: {
      code: 'conflict',
      message: 'Room 3 already has a session running (patient C.D., pre-dose).',
      issues: [{ path: ['roomId'], message: 'This room already has a session running' }],
    },
  };
}

describe('opening a session from an empty room', () => {
  beforeEach(() => {
    protocolListStore.setState({ protocols: defaultProtocols(), error: null });
    outboxStore.setState({ entries: [] });
  });
  afterEach(() => {
    authStore.setState({ status: 'checking' });
  });

  it('a nurse opens the form inline; alias and protocol are required beside their fields and nothing is queued', async () => {
    signedInAs('nurse');
    renderWithPortal(<RoomOpenSession room={EMPTY_ROOM} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Open a session in Room 3' }));
    expect(screen.getByRole('combobox', { name: 'Protocol' }).textContent).toContain('Spravato 56 mg intranasal');
    await user.click(screen.getByRole('button', { name: 'Open session' }));
    expect(screen.getByText('⚠ Choose the patient, or register a new one')).toBeTruthy();
    expect(screen.getByText('⚠ Choose the protocol')).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Patient' }), 'New patient…');
    await user.click(screen.getByRole('button', { name: 'Open session' }));
    expect(screen.getByText(/Enter the patient alias \(initials or a pseudonym\)/)).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: /Year of birth/ }), '1850');
    await user.click(screen.getByRole('button', { name: 'Open session' }));
    expect(screen.getByText(/The year of birth is 1900 or later/)).toBeTruthy();
    await user.clear(screen.getByRole('textbox', { name: /Year of birth/ }));
    await user.type(screen.getByRole('textbox', { name: /Patient alias/ }), 'x'.repeat(41));
    await user.click(screen.getByRole('button', { name: 'Open session' }));
    expect(screen.getByText(/The alias is at most 40 characters/)).toBeTruthy();
    expect(outboxStore.getState().entries).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('textbox', { name: /Patient alias/ })).toBeNull();
  });

  it('Enter on the protocol choice submits the form like any other field', async () => {
    signedInAs('nurse');
    const { portal } = renderWithPortal(<RoomOpenSession room={EMPTY_ROOM} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Open a session in Room 3' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Patient' }), 'New patient…');
    await user.type(screen.getByRole('textbox', { name: /Patient alias/ }), 'E.F.');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Protocol' }), 'ketamine-im');
    screen.getByRole('combobox', { name: 'Protocol' }).focus();
    await user.keyboard('{Enter}');
    expect(portal.submit).toHaveBeenCalledWith(
      'session.open',
      // A new patient: the screen makes the id, so a resend registers the patient once.
      expect.objectContaining({ roomId: 'room-3', patientAlias: 'E.F.', protocolId: 'ketamine-im', patientId: expect.any(String) }),
    );
  });

  it('a therapist cannot open a session', () => {
    signedInAs('therapist');
    renderWithPortal(<RoomOpenSession room={EMPTY_ROOM} />);
    expect(screen.queryByRole('button', { name: /Open a session/ })).toBeNull();
  });

  it('a refused open shows the reason; Re-enter puts alias and protocol back in the form', async () => {
    signedInAs('nurse');
    outboxStore.setState({ entries: [refusedOpen()] });
    renderWithPortal(<RoomOpenSession room={EMPTY_ROOM} />);
    expect(screen.getByRole('alert').textContent).toContain('Room 3 already has a session running (patient C.D., pre-dose).');
    expect(screen.getByText('This room already has a session running')).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Re-enter' }));
    expect(screen.getByRole('textbox', { name: /Patient alias/ })).toHaveProperty('value', 'A.B.');
    expect(screen.getByRole('combobox', { name: 'Protocol' })).toHaveProperty('value', 'ketamine-im');
  });

  it('goes to the session only once the room has one and the open command has left the outbox accepted', () => {
    const withSession: RoomSummary = { ...EMPTY_ROOM, session: { sessionId: 's-9' } as RoomSessionSummary };
    const waiting: OutboxEntry = { ...refusedOpen(), status: 'waiting', refusal: null };
    expect(openedSession({ 'room-3': 'c-open' }, [EMPTY_ROOM], [])).toBeNull();
    expect(openedSession({ 'room-3': 'c-open' }, [withSession], [waiting])).toBeNull();
    expect(openedSession({ 'room-3': 'c-open' }, [withSession], [refusedOpen()])).toBeNull();
    expect(openedSession({ 'room-3': 'c-open' }, [withSession], [])).toEqual({ roomId: 'room-3', sessionId: 's-9' });
    expect(openedSession({}, [withSession], [])).toBeNull();
  });
});
