import { afterEach, describe, expect, it } from 'vitest';
import { clinicStore, receiveRoomUpdates, receiveRooms } from '../../../client/src/clinic/clinicStore';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import { toRoomUpdate, type RoomUpdate } from '../../../shared/clinic/roomUpdate';
import { highAlarm, NOW, room } from '../board/roomFactory';

/** What the server sends for `next` when the boards last got `previous`: without the trend if it is the session's same. */
const sent = (previous: RoomSummary, next: RoomSummary): RoomUpdate => toRoomUpdate(previous, next);

afterEach(() => clinicStore.setState({ rooms: null, updatedAt: null, error: null }));

describe('the clinic store takes the server batches of room summaries', () => {
  it('applies every room of one message, adds a new room at the end, and keeps a newer summary over an older one', () => {
    receiveRooms([room(1, { lastSeq: 10 }), room(2, { lastSeq: 5 })]);
    receiveRoomUpdates([room(2, { lastSeq: 6, ...highAlarm() }), room(1, { lastSeq: 9 }), room(3)]);
    const rooms = clinicStore.getState().rooms!;
    expect(rooms.map((r) => r.roomId)).toEqual(['room-1', 'room-2', 'room-3']);
    // Room 1's summary in the message is older than the one shown: ignored.
    expect(rooms[0]!.session!.lastSeq).toBe(10);
    expect(rooms[1]!.session).toMatchObject({ lastSeq: 6, unacknowledgedPriority: 'high' });
  });

  it('in one message, the later summary of a room wins', () => {
    receiveRooms([room(1, { lastSeq: 1 })]);
    receiveRoomUpdates([room(1, { lastSeq: 2 }), room(1, { lastSeq: 3 })]);
    expect(clinicStore.getState().rooms![0]!.session!.lastSeq).toBe(3);
  });

  it('before the first list arrives, updates wait for it (nothing to merge into)', () => {
    receiveRoomUpdates([room(1)]);
    expect(clinicStore.getState().rooms).toBeNull();
  });

  it('an update without its trend keeps the trend held for that session; one with a trend replaces it', () => {
    const shown = room(1, { lastSeq: 10 });
    receiveRooms([shown]);
    const update = sent(shown, room(1, { lastSeq: 11, heartRate: { value: 90, observedAt: NOW, by: 'device' } }));
    expect(update.session).not.toHaveProperty('trend');
    expect(receiveRoomUpdates([update])).toEqual({ trendMissing: false });
    expect(clinicStore.getState().rooms![0]!.session).toMatchObject({ lastSeq: 11, heartRate: { value: 90 }, trend: shown.session!.trend });
    receiveRoomUpdates([room(1, { lastSeq: 12, trend: [[NOW, 131, 85, 73]] })]);
    expect(clinicStore.getState().rooms![0]!.session!.trend).toEqual([[NOW, 131, 85, 73]]);
  });

  it("a new session's update replaces the room's trend", () => {
    receiveRooms([room(1, { lastSeq: 10 })]);
    receiveRoomUpdates([room(1, { sessionId: 's-next', lastSeq: 1, trend: [] })]);
    expect(clinicStore.getState().rooms![0]!.session).toMatchObject({ sessionId: 's-next', trend: [] });
  });

  it('an update without the trend of a session the screen holds none of: an empty trend, and a fresh snapshot is asked for', () => {
    receiveRooms([room(1, { sessionId: 's-before' }), room(2)]);
    const update = sent(room(1), room(1, { lastSeq: 11 }));
    expect(receiveRoomUpdates([update])).toEqual({ trendMissing: true });
    expect(clinicStore.getState().rooms![0]!.session).toMatchObject({ sessionId: 's-1', lastSeq: 11, trend: [] });
    // An older summary of the session shown is ignored, trend or not: nothing to ask for.
    receiveRooms([room(2, { lastSeq: 10 })]);
    expect(receiveRoomUpdates([sent(room(2), room(2, { lastSeq: 9 }))])).toEqual({ trendMissing: false });
    expect(clinicStore.getState().rooms![0]!.session!.trend).toEqual(room(2).session!.trend);
  });
});
