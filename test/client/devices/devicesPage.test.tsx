import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DevicesPage } from '../../../client/src/devices/DevicesPage';
import type { DevicesApi, RegistrySnapshot } from '../../../client/src/devices/devicesApi';
import type { CurrentUser } from '../../../shared/http/api';
import { fail } from '../../../shared/result';
import { toDeviceSummary } from '../../../shared/realtime/devicesContract';
import { device, MINUTE, rooms, unassigned } from './fixtures';

const admin: CurrentUser = { userId: 'u-admin', username: 'admin', displayName: 'Ada Admin', role: 'admin' };
const nurse: CurrentUser = { userId: 'u-nurse', username: 'nurse', displayName: 'Nora Nurse', role: 'nurse' };
const therapist: CurrentUser = { userId: 'u-therapist', username: 'therapist', displayName: 'Theo Therapist', role: 'therapist' };

function fakeApi(snapshot: () => RegistrySnapshot, overrides: Partial<DevicesApi> = {}) {
  const api = {
    load: vi.fn(async () => ({ ok: true as const, ...snapshot() })),
    create: vi.fn(async () => fail('internal', 'not used')),
    update: vi.fn(async () => fail('internal', 'not used')),
    createKey: vi.fn(async () => fail('internal', 'not used')),
    assign: vi.fn(async () => fail('internal', 'not used')),
    approve: vi.fn(async () => fail('internal', 'not used')),
    reject: vi.fn(async () => fail('internal', 'not used')),
    ...overrides,
  };
  return api as typeof api & DevicesApi;
}

function registry(): RegistrySnapshot {
  const now = Date.now();
  const devices = [
    device('EUI-1', {
      name: 'Bedside monitor 1',
      roomId: 'room-1',
      state: 'sending',
      lastMessageAt: now - 3.5 * MINUTE,
      droppedNote: '1 value dropped: SpO2 -999 means "no value"',
      droppedAt: now - 3 * MINUTE,
    }),
    device('EUI-2', {
      name: 'Old monitor',
      state: 'silent',
      lastMessageAt: now - 42.5 * MINUTE,
      lastError: 'MSH segment missing',
      lastErrorAt: now - 40 * MINUTE,
    }),
    device('cuff-1', { name: 'Cuff bridge', kind: 'gateway', hasKey: true, addresses: [] }),
    device('bridge-2', { name: 'New bridge', kind: 'gateway', addresses: [] }),
  ];
  return {
    devices,
    summaries: devices.map(toDeviceSummary),
    unassigned: [unassigned('u-1', now - 20 * MINUTE)],
    rooms: rooms(),
    securityEvents: [],
  };
}

const card = (name: string) => screen.getAllByTestId('device').find((li) => li.querySelector('h3')?.textContent?.startsWith(name))!;

describe('the device registry page', () => {
  it('shows every device with its state in words, last message with its age, last error and dropped values', async () => {
    render(<DevicesPage user={admin} api={fakeApi(registry)} refreshMs={60_000} />);
    const monitor = await waitFor(() => card('Bedside monitor 1'));
    expect(monitor.textContent).toContain('Sending');
    expect(monitor.textContent).toMatch(/Last message\d\d:\d\d \(3 min ago\)/);
    expect(monitor.textContent).toContain('1 value dropped: SpO2 -999 means "no value"');
    expect((within(monitor).getByLabelText('Room of Bedside monitor 1') as HTMLSelectElement).value).toBe('room-1');
    const old = card('Old monitor');
    expect(old.textContent).toContain('Silent');
    expect(old.textContent).toContain('42 min ago');
    expect(old.textContent).toContain('⚠ MSH segment missing');
    const cuff = card('Cuff bridge');
    expect(cuff.textContent).toContain('Never sent');
    expect(cuff.textContent).toContain('none yet');
    expect(cuff.textContent).toContain('Gateway');
  });

  it('moves a device to a room only on Save room, and shows a refusal from the server beside it', async () => {
    const update = vi
      .fn()
      .mockResolvedValueOnce(fail('not_found', 'There is no such room'))
      .mockResolvedValue({ ok: true, device: device('EUI-2') });
    const load = vi.fn(async () => ({ ok: true as const, ...registry() }));
    render(<DevicesPage user={admin} api={fakeApi(registry, { update, load })} refreshMs={60_000} />);
    const old = await waitFor(() => card('Old monitor'));
    fireEvent.change(within(old).getByLabelText('Room of Old monitor'), { target: { value: 'room-2' } });
    expect(update).not.toHaveBeenCalled();
    fireEvent.click(within(old).getByRole('button', { name: 'Save room' }));
    expect(await within(old).findByText('⚠ There is no such room')).toBeTruthy();
    fireEvent.click(within(old).getByRole('button', { name: 'Save room' }));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(2));
    expect(update.mock.calls[1]).toEqual(['EUI-2', { roomId: 'room-2' }]);
    expect(await within(old).findByText('✓ Saved')).toBeTruthy();
    expect(document.activeElement).toBe(within(old).getByLabelText('Room of Old monitor'));
    // Saved: the page is read again at once.
    await waitFor(() => expect(load.mock.calls.length).toBeGreaterThanOrEqual(2));
    // "No room" takes a device out of its room.
    const monitor = card('Bedside monitor 1');
    fireEvent.change(within(monitor).getByLabelText('Room of Bedside monitor 1'), { target: { value: '' } });
    fireEvent.click(within(monitor).getByRole('button', { name: 'Save room' }));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(3));
    expect(update.mock.calls[2]).toEqual(['EUI-1', { roomId: null }]);
  });

  it('renames in place, with the field error from the server beside the field', async () => {
    const update = vi
      .fn()
      .mockResolvedValueOnce(fail('invalid_input', 'Check the name', [{ path: ['name'], message: 'Give the device a name' }]))
      .mockResolvedValueOnce({ ok: true, device: device('EUI-1') });
    render(<DevicesPage user={admin} api={fakeApi(registry, { update })} refreshMs={60_000} />);
    const monitor = await waitFor(() => card('Bedside monitor 1'));
    fireEvent.click(within(monitor).getByRole('button', { name: 'Rename Bedside monitor 1' }));
    const field = within(monitor).getByLabelText('New name');
    fireEvent.change(field, { target: { value: ' ' } });
    fireEvent.click(within(monitor).getByRole('button', { name: 'Save name' }));
    expect(await within(monitor).findByText('⚠ Give the device a name')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(field, { target: { value: 'Cedar monitor' } });
    fireEvent.click(within(monitor).getByRole('button', { name: 'Save name' }));
    await waitFor(() => expect(within(monitor).queryByLabelText('New name')).toBeNull());
    expect(update.mock.calls[1]).toEqual(['EUI-1', { name: 'Cedar monitor' }]);
  });

  it('shows a new gateway key once, with a copy button and a plain warning; replacing a key asks first, in place', async () => {
    const createKey = vi.fn(async (deviceId: string) => ({
      ok: true as const,
      device: device(deviceId, { hasKey: true }),
      key: `key-for-${deviceId}-0123456789abcdef`,
    }));
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<DevicesPage user={admin} api={fakeApi(registry, { createKey })} refreshMs={60_000} />);
    const monitor = await waitFor(() => card('Bedside monitor 1'));
    // An HL7 monitor needs no key: asked first, in place.
    fireEvent.click(within(monitor).getByRole('button', { name: 'Create gateway key' }));
    expect(monitor.textContent).toContain('An HL7 monitor needs no key');
    fireEvent.click(within(monitor).getByRole('button', { name: 'Cancel' }));
    expect(createKey).not.toHaveBeenCalled();
    fireEvent.click(within(monitor).getByRole('button', { name: 'Create gateway key' }));
    fireEvent.click(within(monitor).getByRole('button', { name: 'Create the key' }));
    expect(await within(monitor).findByTestId('gateway-key')).toBeTruthy();
    expect(within(monitor).getByTestId('gateway-key').textContent).toBe('key-for-EUI-1-0123456789abcdef');
    expect(monitor.textContent).toContain('Shown once.');
    expect(monitor.textContent).toContain('cannot show it again');
    expect(document.activeElement?.textContent).toBe('Copy key');
    fireEvent.click(within(monitor).getByRole('button', { name: 'Copy key' }));
    expect(await within(monitor).findByText('✓ Copied')).toBeTruthy();
    expect(writeText).toHaveBeenCalledWith('key-for-EUI-1-0123456789abcdef');
    fireEvent.click(within(monitor).getByRole('button', { name: 'Done, hide the key' }));
    expect(within(monitor).queryByTestId('gateway-key')).toBeNull();

    const cuff = card('Cuff bridge');
    fireEvent.click(within(cuff).getByRole('button', { name: 'Replace gateway key' }));
    expect(createKey).toHaveBeenCalledTimes(1);
    expect(cuff.textContent).toContain('will stop sending until it gets the new one');
    // The safe choice has the focus: Enter keeps the key.
    expect(document.activeElement?.textContent).toBe('Keep the current key');
    fireEvent.click(within(cuff).getByRole('button', { name: 'Keep the current key' }));
    expect(createKey).toHaveBeenCalledTimes(1);
    fireEvent.click(within(cuff).getByRole('button', { name: 'Replace gateway key' }));
    fireEvent.click(within(cuff).getByRole('button', { name: 'Replace key' }));
    expect(await within(cuff).findByTestId('gateway-key')).toBeTruthy();
    expect(createKey).toHaveBeenLastCalledWith('cuff-1');

    // A gateway without a key gets one at once.
    const bridge = card('New bridge');
    fireEvent.click(within(bridge).getByRole('button', { name: 'Create gateway key' }));
    expect(await within(bridge).findByTestId('gateway-key')).toBeTruthy();
    expect(createKey).toHaveBeenLastCalledWith('bridge-2');
  });

  it('lists readings waiting for a session and lets a nurse assign one to a running session chosen from the open ones', async () => {
    const assign = vi.fn().mockResolvedValueOnce(fail('conflict', 'This session is closed')).mockResolvedValueOnce({ ok: true });
    render(<DevicesPage user={nurse} api={fakeApi(registry, { assign })} refreshMs={60_000} />);
    const row = await screen.findByTestId('unassigned-reading');
    expect(row.textContent).toContain('Spare cuff');
    expect(row.textContent).toContain('BP 131/85 · HR 77');
    expect(row.textContent).toContain('The device is not assigned to a room');
    const select = within(row).getByRole('combobox') as HTMLSelectElement;
    // Only running sessions: room 1's, not the discharged one in room 3.
    expect([...select.options].map((o) => o.textContent)).toEqual(['Choose a session…', 'Room 1 — P1']);
    fireEvent.click(within(row).getByRole('button', { name: 'Assign' }));
    expect(await within(row).findByText('⚠ Choose a session first')).toBeTruthy();
    expect(assign).not.toHaveBeenCalled();
    fireEvent.change(select, { target: { value: 's-1' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Assign' }));
    expect(await within(row).findByText('⚠ This session is closed')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Assign' }));
    await waitFor(() => expect(assign).toHaveBeenCalledTimes(2));
    expect(assign).toHaveBeenLastCalledWith('u-1', 's-1');
  });

  it('adds a device, with field errors from the server beside their fields', async () => {
    const create = vi
      .fn()
      .mockResolvedValueOnce(
        fail('conflict', 'A device with this id is already registered', [{ path: ['deviceId'], message: 'Already registered' }]),
      )
      .mockResolvedValueOnce(
        fail('invalid_input', 'Check the address', [
          { path: ['addresses', 1], message: 'Write an IP address (10.20.0.15) or a range (10.20.0.0/24)' },
        ]),
      )
      .mockResolvedValueOnce({ ok: true, device: device('EUI-7', { name: 'New cuff' }) });
    render(<DevicesPage user={admin} api={fakeApi(registry, { create })} refreshMs={60_000} />);
    fireEvent.change(await screen.findByLabelText('Device id (EUI-64 or sending application)'), { target: { value: 'EUI-1' } });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'New cuff' } });
    fireEvent.change(screen.getByLabelText('Room'), { target: { value: 'room-2' } });
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'gateway' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add device' }));
    expect(await screen.findByText('⚠ Already registered')).toBeTruthy();
    expect(create.mock.calls[0]).toEqual([{ deviceId: 'EUI-1', name: 'New cuff', roomId: 'room-2', kind: 'gateway' }]);
    // An HL7 monitor is registered with where it sends from.
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'hl7' } });
    fireEvent.change(screen.getByLabelText('Sends from (addresses or ranges)'), { target: { value: '10.20.0.15, 10.20.1.0/33' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add device' }));
    expect(await screen.findByText('⚠ Write an IP address (10.20.0.15) or a range (10.20.0.0/24)')).toBeTruthy();
    expect(create.mock.calls[1]).toEqual([
      { deviceId: 'EUI-1', name: 'New cuff', roomId: 'room-2', kind: 'hl7', addresses: ['10.20.0.15', '10.20.1.0/33'], certificate: null },
    ]);
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'gateway' } });
    fireEvent.change(screen.getByLabelText('Device id (EUI-64 or sending application)'), { target: { value: 'EUI-7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add device' }));
    expect(await screen.findByText('✓ Added New cuff.')).toBeTruthy();
  });

  it('is read-only for other roles: states, rooms and waiting readings, no controls', async () => {
    render(<DevicesPage user={therapist} api={fakeApi(registry)} refreshMs={60_000} />);
    const monitor = await waitFor(() => card('Bedside monitor 1'));
    expect(screen.getByText(/Read-only: only an admin can change devices/)).toBeTruthy();
    expect(monitor.textContent).toContain('Room 1');
    expect(card('Old monitor').textContent).toContain('No room');
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(screen.queryAllByRole('combobox')).toHaveLength(0);
    expect(screen.getByTestId('unassigned-reading').textContent).toContain('Spare cuff');
    // Ids, addresses and security events are for admins.
    expect(document.body.textContent).not.toContain('EUI-1');
    expect(document.body.textContent).not.toContain('10.20.0.11');
    expect(screen.queryByText(/Refused messages/)).toBeNull();
  });

  it('refreshes by itself and says when; a failed load is shown and the last list kept', async () => {
    let server: 'up' | 'down' | 'renamed' = 'up';
    const load = vi.fn(async () => {
      if (server === 'down') return fail('unreachable', 'Cannot reach the Vigil server — check the network connection');
      const snapshot = registry();
      if (server === 'renamed') snapshot.devices[0] = { ...snapshot.devices[0]!, name: 'Renamed elsewhere' };
      return { ok: true as const, ...snapshot };
    });
    render(<DevicesPage user={admin} api={fakeApi(registry, { load })} refreshMs={40} />);
    expect(await screen.findByText(/Updated \d\d:\d\d:\d\d, every 0.04 s/)).toBeTruthy();
    server = 'down';
    expect((await screen.findByRole('alert')).textContent).toContain('Cannot reach the Vigil server');
    expect(card('Bedside monitor 1')).toBeTruthy();
    server = 'renamed';
    await waitFor(() => expect(card('Renamed elsewhere')).toBeTruthy());
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('shows a refused forgery with its source address, in the refused list and on the device it named', async () => {
    const now = Date.now();
    const forged = (): RegistrySnapshot => {
      const snapshot = registry();
      snapshot.devices[0] = {
        ...snapshot.devices[0]!,
        lastError: 'Refused a message from 10.20.9.99: Device EUI-1 does not send from 10.20.9.99',
        lastErrorAt: now - MINUTE,
      };
      snapshot.securityEvents = [
        {
          at: now - MINUTE,
          deviceId: 'EUI-1',
          remoteAddress: '10.20.9.99',
          certificate: null,
          code: 'wrong_address',
          reason: 'Device EUI-1 does not send from 10.20.9.99',
        },
        {
          at: now - 2 * MINUTE,
          deviceId: null,
          remoteAddress: '192.168.7.7',
          certificate: null,
          code: 'outside_allow_list',
          reason: 'Connection from an address outside HL7_ALLOW closed',
        },
      ];
      return snapshot;
    };
    render(<DevicesPage user={admin} api={fakeApi(forged)} refreshMs={60_000} />);
    const rows = await screen.findAllByTestId('security-event');
    expect(screen.getByRole('heading', { name: 'Refused messages (2)' })).toBeTruthy();
    expect(rows[0]!.textContent).toContain('10.20.9.99');
    expect(rows[0]!.textContent).toContain('EUI-1');
    expect(rows[0]!.textContent).toContain('✕ Refused Device EUI-1 does not send from 10.20.9.99');
    expect(rows[1]!.textContent).toContain('192.168.7.7');
    expect(card('Bedside monitor 1').textContent).toContain('⚠ Refused a message from 10.20.9.99');
    expect(card('Bedside monitor 1').textContent).toContain('HL7 monitor from 10.20.0.11');
  });

  it('lists a device waiting for approval by its id and address, and approves it into a room with a name, or rejects it', async () => {
    const waiting = (): RegistrySnapshot => {
      const snapshot = registry();
      snapshot.devices.push(device('FEEDFACE01', { name: 'FEEDFACE01', approval: 'pending', firstAddress: '10.20.0.42', addresses: [] }));
      return snapshot;
    };
    const approve = vi
      .fn()
      .mockResolvedValueOnce(fail('invalid_input', 'Check the name', [{ path: ['name'], message: 'Give the device a name' }]))
      .mockResolvedValueOnce({ ok: true, device: device('FEEDFACE01'), assigned: 3 });
    const reject = vi.fn(async () => ({ ok: true as const, device: device('FEEDFACE01', { approval: 'rejected' }) }));
    render(<DevicesPage user={admin} api={fakeApi(waiting, { approve, reject })} refreshMs={60_000} />);
    const pending = await screen.findByTestId('pending-device');
    expect(pending.textContent).toContain('Waiting for approval');
    expect(pending.textContent).toContain('FEEDFACE01');
    expect(pending.textContent).toContain('Sent from10.20.0.42');
    // Not among the registered devices.
    expect(screen.getAllByTestId('device').map((li) => li.textContent)).not.toEqual(
      expect.arrayContaining([expect.stringContaining('FEEDFACE01')]),
    );
    expect((within(pending).getByLabelText('Sends from') as HTMLInputElement).value).toBe('10.20.0.42');
    fireEvent.click(within(pending).getByRole('button', { name: 'Approve' }));
    expect(await within(pending).findByText('⚠ Give the device a name')).toBeTruthy();
    fireEvent.change(within(pending).getByLabelText('Name'), { target: { value: 'Bedside monitor 5' } });
    fireEvent.change(within(pending).getByLabelText('Room'), { target: { value: 'room-1' } });
    fireEvent.click(within(pending).getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(approve).toHaveBeenCalledTimes(2));
    expect(approve.mock.calls[1]).toEqual(['FEEDFACE01', { name: 'Bedside monitor 5', roomId: 'room-1', addresses: ['10.20.0.42'] }]);
    // The buttons are busy while the approval is answered: Reject once they take clicks again.
    const rejectButton = within(pending).getByRole('button', { name: 'Reject' });
    await waitFor(() => expect(rejectButton).toHaveProperty('disabled', false), { timeout: 10_000 });
    fireEvent.click(rejectButton);
    await waitFor(() => expect(reject).toHaveBeenCalledWith('FEEDFACE01'), { timeout: 10_000 });
  });

  it('changes where a monitor may send from, in place', async () => {
    const update = vi.fn(async () => ({ ok: true as const, device: device('EUI-1') }));
    render(<DevicesPage user={admin} api={fakeApi(registry, { update })} refreshMs={60_000} />);
    const monitor = await waitFor(() => card('Bedside monitor 1'));
    fireEvent.click(within(monitor).getByRole('button', { name: 'Change where Bedside monitor 1 sends from' }));
    fireEvent.change(within(monitor).getByLabelText(/^Sends from/), { target: { value: '10.20.0.11 10.20.0.12' } });
    fireEvent.change(within(monitor).getByLabelText(/^TLS certificate/), { target: { value: 'CN=bed-1' } });
    fireEvent.click(within(monitor).getByRole('button', { name: 'Save binding' }));
    await waitFor(() => expect(update).toHaveBeenCalledWith('EUI-1', { addresses: ['10.20.0.11', '10.20.0.12'], certificate: 'CN=bed-1' }));
  });

  it('says when there is nothing to list', async () => {
    render(
      <DevicesPage
        user={admin}
        api={fakeApi(() => ({ devices: [], summaries: [], unassigned: [], rooms: rooms(), securityEvents: [] }))}
        refreshMs={60_000}
      />,
    );
    expect(await screen.findByText(/No devices yet/)).toBeTruthy();
    expect(screen.getByText(/None: every device reading reached a session/)).toBeTruthy();
  });
});
