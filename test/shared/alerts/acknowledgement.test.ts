import { describe, expect, it } from 'vitest';
import { acknowledgeActionFor, mayAcknowledgeAlarm } from '../../../shared/alerts/acknowledgement';

describe('who may acknowledge an alarm, by its kind', () => {
  it('lets a therapist acknowledge PHQ-9 item 9 (self-harm) only; nurses and prescribers any kind; admins none', () => {
    expect(acknowledgeActionFor('self_harm')).toBe('alarm.acknowledgeSelfHarm');
    expect(acknowledgeActionFor('limit')).toBe('alarm.acknowledge');
    expect(mayAcknowledgeAlarm('therapist', 'self_harm')).toBe(true);
    expect(mayAcknowledgeAlarm('therapist', 'limit')).toBe(false);
    expect(mayAcknowledgeAlarm('therapist', 'overdue_check')).toBe(false);
    for (const role of ['nurse', 'prescriber'] as const) {
      expect(mayAcknowledgeAlarm(role, 'self_harm')).toBe(true);
      expect(mayAcknowledgeAlarm(role, 'limit')).toBe(true);
    }
    expect(mayAcknowledgeAlarm('admin', 'self_harm')).toBe(false);
    expect(mayAcknowledgeAlarm('wall', 'self_harm')).toBe(false);
  });
});
