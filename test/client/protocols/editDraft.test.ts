import { describe, expect, it } from 'vitest';
import { draftFieldKeys, fromDraft, newLimit, parseSchedule, placeIssues, toDraft } from '../../../client/src/protocols/editDraft';
import { defaultProtocols } from '../../../shared/protocols/defaults';
import { protocolSchema } from '../../../shared/protocols/schema';

describe('the edit form model', () => {
  it('an unchanged draft sends back exactly the protocol it was read from, for every shipped protocol', () => {
    for (const protocol of defaultProtocols()) {
      const sent = fromDraft(protocol, toDraft(protocol));
      expect(sent).toEqual(protocol);
      expect(protocolSchema.safeParse(sent).success).toBe(true);
    }
  });

  it('reads the check schedule as a comma list; words become null for the server to name', () => {
    expect(parseSchedule('0, 15,30 ,  40')).toEqual([0, 15, 30, 40]);
    expect(parseSchedule('')).toEqual([]);
    expect(parseSchedule('0, ten, 20,')).toEqual([0, null, 20]);
  });

  it('a new limit takes an id no limit of the draft uses', () => {
    const draft = toDraft(defaultProtocols()[0]!);
    const first = newLimit(draft.limits);
    expect(first.id).toBe('limit-1');
    expect(newLimit([...draft.limits, first]).id).toBe('limit-2');
  });

  it('places an issue at its field, else at the nearest field above it, else above the form', () => {
    const keys = draftFieldKeys(toDraft(defaultProtocols()[0]!));
    const placed = placeIssues(
      [
        { path: ['alarmLimits', 0, 'value'], message: 'a' },
        { path: ['alarmLimits', 1, 'id'], message: 'b' },
        { path: ['checkScheduleMinutes', 0], message: 'c' },
        { path: ['preDoseChecklist', 1, 'label'], message: 'd' },
        { path: ['alarmLimits', 40, 'value'], message: 'e' },
        { path: [], message: 'f' },
      ],
      keys,
    );
    expect(placed.byField).toEqual({
      'alarmLimits.0.value': ['a'],
      'alarmLimits.1': ['b'],
      checkScheduleMinutes: ['Check 1: c'],
      'preDoseChecklist.1.label': ['d'],
    });
    expect(placed.unplaced.map((issue) => issue.message)).toEqual(['e', 'f']);
  });
});
