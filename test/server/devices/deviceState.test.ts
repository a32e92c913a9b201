import { describe, expect, it } from 'vitest';
import { DEVICE_SILENT_AFTER_MINUTES, deviceState } from '../../../shared/realtime/devicesContract';

describe('device state in the registry', () => {
  const now = Date.UTC(2026, 10, 23, 12, 0);
  const limit = DEVICE_SILENT_AFTER_MINUTES * 60_000;
  it('is never before the first message, sending within the silence time, silent at and after it', () => {
    expect(deviceState(null, now)).toBe('never');
    expect(deviceState(now, now)).toBe('sending');
    expect(deviceState(now - limit + 1, now)).toBe('sending');
    expect(deviceState(now - limit, now)).toBe('silent');
    expect(deviceState(now - limit - 1, now)).toBe('silent');
  });
});
