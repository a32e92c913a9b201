import { afterEach, describe, expect, it } from 'vitest';
import { clinicStore, receiveRoomUpdates, receiveRooms } from '../../../client/src/clinic/clinicStore';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import { toRoomUpdate, type RoomUpdate } from '../../../shared/clinic/roomUpdate';
import { highAlarm, NOW, room } from '../board/roomFactory';

/** What the server sends for `next`, numbered `version`, when the boards last got `previous` (numbered one less). */
const sent = (previous: RoomSummary, next: RoomSummary, version: number): RoomUpdate =>
  toRoomUpdate({ summary: previous, version: version - 1 }, next, version);

afterEach(() => clinicStore.setState({ rooms: null, versions: {}, updatedAt: null, error: null }));

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

  it("a room's changes apply on top of the update they build on, one after another in a message", () => {
    const shown = room(1, { lastSeq: 10 });
    receiveRooms([shown, room(2)], { 'room-1': 4 });
    const reading = room(1, { lastSeq: 11, heartRate: { value: 90, observedAt: NOW, by: 'device' } });
    const alarm = room(1, { ...reading.session, lastSeq: 12, ...highAlarm() });
    const first = sent(shown, reading, 5);
    expect(first.session).toEqual({ sessionId: 's-1', lastSeq: 11, heartRate: { value: 90, observedAt: NOW, by: 'device' } });
    expect(receiveRoomUpdates([first, sent(reading, alarm, 6)])).toEqual({ stale: false });
    expect(clinicStore.getState().rooms![0]).toEqual(alarm);
    expect(clinicStore.getState().versions).toEqual({ 'room-1': 6 });
  });

  it('changes that do not build on what the screen holds are not applied, and a fresh snapshot is asked for', () => {
    const shown = room(1, { lastSeq: 10 });
    receiveRooms([shown, room(2)], { 'room-1': 4, 'room-2': 1 });
    const missedOne = sent(room(1, { lastSeq: 11 }), room(1, { lastSeq: 12, heartRate: { value: 130, observedAt: NOW, by: 'device' } }), 6);
    const fine = sent(room(2), room(2, { lastSeq: 11 }), 2);
    expect(receiveRoomUpdates([missedOne, fine])).toEqual({ stale: true });
    // Room 1 stays as it was (not a mix of two versions); room 2's update in the same message applies.
    expect(clinicStore.getState().rooms![0]).toEqual(shown);
    expect(clinicStore.getState().rooms![1]!.session!.lastSeq).toBe(11);
    // The snapshot replaces everything and says which updates the next changes build on.
    receiveRooms([room(1, { lastSeq: 12 }), room(2, { lastSeq: 11 })], { 'room-1': 6, 'room-2': 2 });
    expect(receiveRoomUpdates([sent(room(1, { lastSeq: 12 }), room(1, { lastSeq: 13 }), 7)])).toEqual({ stale: false });
    expect(clinicStore.getState().rooms![0]!.session!.lastSeq).toBe(13);
  });

  it("a new session's whole update replaces the room, trend and all", () => {
    receiveRooms([room(1, { lastSeq: 10 })], { 'room-1': 3 });
    receiveRoomUpdates([{ ...room(1, { sessionId: 's-next', lastSeq: 1, trend: [] }), version: 4 }]);
    expect(clinicStore.getState().rooms![0]!.session).toMatchObject({ sessionId: 's-next', trend: [] });
    expect(clinicStore.getState().versions).toEqual({ 'room-1': 4 });
  });
});
