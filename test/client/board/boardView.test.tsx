import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import { BoardView, type BoardViewProps } from '../../../client/src/board/BoardView';
import { highAlarm, MINUTE, NOW, room } from './roomFactory';

function renderBoard(rooms: RoomSummary[], overrides: Partial<BoardViewProps> = {}) {
  const props: BoardViewProps = {
    rooms,
    now: NOW,
    orderMode: 'by_need',
    offline: false,
    widthPx: 1920,
    focusedRoomId: null,
    restoreFocus: false,
    onFocusRoom: vi.fn(),
    onAcknowledge: vi.fn(),
    onOpen: vi.fn(),
    ...overrides,
  };
  const view = render(<BoardView {...props} />);
  return { props, view };
}

const tiles = () => screen.getAllByTestId('board-tile');
const tileOf = (roomId: string) => tiles().find((tile) => tile.dataset.roomId === roomId)!;

describe('board tiles', () => {
  it('show what the prescriber needs in words and numbers', () => {
    renderBoard([room(1)]);
    const tile = tileOf('room-1');
    const text = tile.textContent!;
    for (const expected of [
      'Room 1',
      'P1',
      'Spravato 56 mg',
      'Monitoring',
      '130/84',
      '72',
      '98%',
      '2 min ago',
      '30 min since dose',
      '1 h 30 min left',
      'Next check 40 min',
      'Baseline 124/80',
      'MOAA/S 4',
      'Dissoc. 6/24',
      'Discharge 3/8',
      'No active alarm',
    ]) {
      expect(text).toContain(expected);
    }
    // The trend line is drawn with the baseline marked.
    expect(tile.querySelectorAll('.trend-baseline')).toHaveLength(2);
    expect(tile.querySelector('.trend-systolic')?.getAttribute('points')?.split(' ')).toHaveLength(3);
    // The x axis is the last hour (to the newest point): readings from 40 to 2 minutes ago start
    // 22 minutes in, not at the left edge (200 wide, 4 of padding).
    const xs = tile
      .querySelector('.trend-systolic')!
      .getAttribute('points')!
      .split(' ')
      .map((point) => Number(point.split(',')[0]));
    expect(xs).toEqual([4 + (22 / 60) * 192, 4 + (42 / 60) * 192, 196].map((x) => Number(x.toFixed(1))));
  });

  it('carry a text summary for screen readers', () => {
    renderBoard([room(1, highAlarm())]);
    const label = tileOf('room-1').getAttribute('aria-label')!;
    expect(label).toContain('Room 1, patient P1, Spravato 56 mg, Dosed — monitoring.');
    expect(label).toContain('High priority alarm, not acknowledged, 1 min ago: Systolic 192 mmHg — at or above 180.');
    expect(label).toContain('Blood pressure 130 over 84, from the monitor, measured 2 min ago.');
    expect(label).toContain('Discharge: 3 of 8 items hold.');
  });

  it('say an alarm priority in words and markers, not colour alone, with an acknowledge button', () => {
    const { props } = renderBoard([room(1, highAlarm())]);
    const alarm = within(tileOf('room-1')).getByTestId('tile-alarm');
    expect(alarm.textContent).toContain('***');
    // The parameter and value, then priority, age and state in full words.
    expect(within(alarm).getByTestId('tile-alarm-what').textContent).toBe('Systolic 192 mmHg');
    expect(alarm.textContent).toContain('High priority · 1 min ago · not acknowledged');
    fireEvent.click(within(alarm).getByRole('button', { name: /Acknowledge alarm in Room 1/ }));
    expect(props.onAcknowledge).toHaveBeenCalledWith(expect.objectContaining({ roomId: 'room-1' }));
    expect(tileOf('room-1').closest('li')!.className).toContain('tile-alarm-high');
  });

  it('show an acknowledged alarm as owned, without flashing or an acknowledge button', () => {
    renderBoard([room(1, highAlarm(true))]);
    const alarm = within(tileOf('room-1')).getByTestId('tile-alarm');
    expect(alarm.textContent).toContain('High priority · 1 min ago · acknowledged');
    expect(within(alarm).queryByRole('button')).toBeNull();
    expect(tileOf('room-1').closest('li')!.className).not.toContain('tile-alarm-high');
  });

  it('grey a reading older than the check interval, with its age', () => {
    const old = NOW - 31 * MINUTE;
    renderBoard([
      room(1, { checkIntervalMinutes: 30, bloodPressure: { systolicMmHg: 130, diastolicMmHg: 84, observedAt: old, by: 'device' } }),
    ]);
    const bp = within(tileOf('room-1')).getByTestId('tile-bp');
    expect(bp.className).toContain('stale');
    expect(bp.textContent).toContain('stale: 31 min ago');
    expect(tileOf('room-1').getAttribute('aria-label')).toContain('measured 31 min ago, stale');
  });

  it('say in words whether the pressure came from the monitor or was entered by a person', () => {
    renderBoard([
      room(1, { bloodPressure: { systolicMmHg: 130, diastolicMmHg: 84, observedAt: NOW - 2 * MINUTE, by: 'device' } }),
      room(2, { bloodPressure: { systolicMmHg: 151, diastolicMmHg: 97, observedAt: NOW - 2 * MINUTE, by: 'person' } }),
    ]);
    expect(within(tileOf('room-1')).getByTestId('tile-bp').textContent).toContain('2 min ago · monitor');
    expect(within(tileOf('room-2')).getByTestId('tile-bp').textContent).toContain('2 min ago · entered');
    expect(tileOf('room-2').getAttribute('aria-label')).toContain('Blood pressure 151 over 97, entered by staff, measured 2 min ago.');
  });

  it('a reading at exactly the check interval is not yet stale', () => {
    renderBoard([
      room(1, {
        checkIntervalMinutes: 30,
        bloodPressure: { systolicMmHg: 130, diastolicMmHg: 84, observedAt: NOW - 30 * MINUTE, by: 'device' },
      }),
    ]);
    expect(within(tileOf('room-1')).getByTestId('tile-bp').className).not.toContain('stale');
  });

  it('recount the minimum observation time on server time', () => {
    renderBoard([room(1, { dosedAt: NOW - 121 * MINUTE })]);
    expect(tileOf('room-1').textContent).toContain('Discharge 4/8');
    expect(tileOf('room-1').textContent).toContain('Minimum time reached');
  });

  it('show overdue checks and empty rooms compactly', () => {
    renderBoard([room(1, { overdueCheckMinutes: [30] }), room(2, null)]);
    expect(tileOf('room-1').textContent).toContain('Overdue: 30-min check');
    expect(tileOf('room-2').textContent).toContain('Empty — no session');
    expect(tileOf('room-2').closest('li')!.className).toContain('tile-compact');
  });

  it('say in words when a high baseline waits for the prescriber, and move that room up', () => {
    renderBoard([room(1), room(2, { phase: 'pre_dose', dosedAt: null, awaitingApproval: true })]);
    expect(tiles()[0]!.dataset.roomId).toBe('room-2');
    expect(tileOf('room-2').textContent).toContain('✋ Waiting for your approval: baseline above the advisory limit');
    expect(tileOf('room-2').getAttribute('aria-label')).toContain('Waiting for the prescriber to approve dosing');
    expect(tileOf('room-1').textContent).not.toContain('approval');
  });

  it('grey every tile when the board itself is not live', () => {
    renderBoard([room(1)], { offline: true });
    expect(tileOf('room-1').closest('li')!.className).toContain('tile-offline');
  });
});

describe('board keyboard', () => {
  const twelve = Array.from({ length: 12 }, (_, index) => room(index + 1));

  it('arrows move between tiles by row and column (4 columns at 1920 px)', () => {
    const { props } = renderBoard(twelve, { orderMode: 'fixed' });
    expect(screen.getByRole('list').dataset.columns).toBe('4');
    // One tile in the tab order.
    expect(tiles().filter((tile) => tile.tabIndex === 0)).toHaveLength(1);
    tileOf('room-1').focus();
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect((document.activeElement as HTMLElement).dataset.roomId).toBe('room-5');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect((document.activeElement as HTMLElement).dataset.roomId).toBe('room-6');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    // Nothing below the last row.
    expect((document.activeElement as HTMLElement).dataset.roomId).toBe('room-10');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect((document.activeElement as HTMLElement).dataset.roomId).toBe('room-6');
    expect(props.onFocusRoom).toHaveBeenLastCalledWith('room-6');
  });

  it('reflows to 2 columns on a tablet and the arrows follow', () => {
    renderBoard(twelve, { orderMode: 'fixed', widthPx: 800 });
    expect(screen.getByRole('list').dataset.columns).toBe('2');
    tileOf('room-1').focus();
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect((document.activeElement as HTMLElement).dataset.roomId).toBe('room-3');
  });

  it('Enter opens the focused room, "a" acknowledges its alarm', () => {
    const rooms = [room(1), room(2, highAlarm())];
    const { props } = renderBoard(rooms, { orderMode: 'fixed' });
    tileOf('room-1').focus();
    fireEvent.keyDown(document.activeElement!, { key: 'a' });
    expect(props.onAcknowledge).not.toHaveBeenCalled();
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(props.onOpen).toHaveBeenCalledWith(expect.objectContaining({ roomId: 'room-1' }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    fireEvent.keyDown(document.activeElement!, { key: 'a' });
    expect(props.onAcknowledge).toHaveBeenCalledWith(expect.objectContaining({ roomId: 'room-2' }));
  });

  it('coming back from a room puts focus on the tile that was opened', () => {
    renderBoard(twelve, { orderMode: 'fixed', focusedRoomId: 'room-7', restoreFocus: true });
    expect((document.activeElement as HTMLElement).dataset.roomId).toBe('room-7');
    expect(tileOf('room-7').tabIndex).toBe(0);
  });

  it('a tile that moves up with a new alarm keeps focus on the same room', () => {
    const { props, view } = renderBoard(twelve, { focusedRoomId: 'room-8' });
    tileOf('room-8').focus();
    const moved = twelve.map((r) => (r.roomId === 'room-8' ? room(8, highAlarm()) : r));
    view.rerender(<BoardView {...props} rooms={moved} />);
    expect(tiles()[0]!.dataset.roomId).toBe('room-8');
    expect((document.activeElement as HTMLElement).dataset.roomId).toBe('room-8');
  });
});

describe('bedside screens', () => {
  it('a room whose bedside screen dropped says so in words', () => {
    renderBoard([{ ...room(1), bedside: { screens: 0 } }, { ...room(2), bedside: { screens: 1 } }, room(3)]);
    expect(tileOf('room-1').textContent).toContain('⚠ Room screen disconnected');
    expect(tileOf('room-1').getAttribute('aria-label')).toContain('The room screen has lost its connection.');
    expect(tileOf('room-2').textContent).not.toContain('Room screen');
    expect(tileOf('room-3').textContent).not.toContain('Room screen');
  });
});
