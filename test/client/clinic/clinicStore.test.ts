import { afterEach, describe, expect, it } from 'vitest';
import { clinicStore, receiveRoomUpdates, receiveRooms } from '../../../client/src/clinic/clinicStore';
import { highAlarm, room } from '../board/roomFactory';

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
});
