import { doseCourses } from '../../../../shared/lifecycle/doses';
import type { LifecycleRules } from '../../../../shared/lifecycle/phases';
import type { SessionState } from '../../../../shared/session/state';
import { useServerNow } from '../../app/useStore';
import { clockTime } from '../../format/time';
import type { SubmitCommand } from '../../realtime/submit';

const MINUTE_MS = 60_000;

/**
 * The next device of a dose given as devices (Spravato 84 mg: three 28 mg devices about 5
 * minutes apart): one large button that records it now as part of the same dose, so the
 * clock keeps counting from the first device. Says when the label's rest ends and, until it
 * has, how long is left; a device recorded sooner is recorded (it was given) and marked.
 */
export function NextDevice({
  state,
  rules,
  serverNow,
  submit,
  waiting,
}: {
  state: SessionState;
  rules: LifecycleRules;
  serverNow: () => number;
  submit: SubmitCommand;
  waiting: boolean;
}) {
  useServerNow(5_000); // "min left" counts down.
  const devices = rules.dosing.devices;
  const course = doseCourses(state, rules).at(-1);
  if (devices === undefined || course === undefined || rules.defaultDoseMg === undefined) return null;
  const total = Math.round(rules.defaultDoseMg / devices.mgPerDevice);
  const given = course.deviceCount ?? course.entries.length;
  if (given >= total) {
    return (
      <p className="status-ok" data-testid="devices-complete">
        ✓ All {total} devices of the {rules.defaultDoseMg} mg dose recorded; the clock counts from the first device at{' '}
        {clockTime(course.startedAt)}.
      </p>
    );
  }
  const last = Math.max(...course.entries.map((entry) => entry.administeredAt));
  // Shown to the minute, so rounded up: a device given at the time shown has had its rest.
  const restEnds = Math.ceil((last + devices.minutesBetweenDevices * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
  const minutesLeft = Math.ceil((restEnds - serverNow()) / MINUTE_MS);
  const resting = minutesLeft > 0;
  return (
    <div className="next-device" data-testid="next-device">
      <p>
        Device {given} of {total} given (first at {clockTime(course.startedAt)}). The label asks for a {devices.minutesBetweenDevices}-min
        rest: next device from {clockTime(restEnds)}.
      </p>
      <p className={resting ? 'status-blocked' : 'status-ok'} data-testid="device-rest" role="status">
        {resting ? `⏳ Resting: ${minutesLeft} min left` : `✓ Rest over: device ${given + 1} may be given`}
      </p>
      <button
        type="button"
        className={resting ? 'button-secondary button-large' : 'button-primary button-large'}
        disabled={waiting}
        onClick={() =>
          void submit('dose.record', {
            observedAt: serverNow(),
            drug: course.dose.drug,
            route: course.dose.route,
            lotNumber: course.dose.lotNumber,
            doseMg: devices.mgPerDevice,
            deviceCount: 1,
            deviceOfDoseId: course.dose.doseId,
          })
        }
      >
        Record device {given + 1} of {total} now ({devices.mgPerDevice} mg){resting ? ', before the rest ends' : ''}
      </button>
    </div>
  );
}
