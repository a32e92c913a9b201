import { shortDeviceRests, shortRestText, type CourseRules } from '../../../../shared/lifecycle/doses';
import type { AmendmentChange } from '../../../../shared/lifecycle/schemas';
import { useState, type FormEvent } from 'react';
import { lotNumberSchema, reasonSchema } from '../../../../shared/lifecycle/schemas';
import { describeActor } from '../../../../shared/session/actor';
import type { Dose, SessionState } from '../../../../shared/session/state';
import { parseInput } from '../../../../shared/validation';
import { clockTime } from '../../format/time';
import { parseMeasuredAt } from '../measuredAt';
import type { SubmitCommand } from '../../realtime/submit';
import { FormActions } from '../../components/FormActions';
import { LabelledInput } from '../../components/LabelledInput';

type What = 'dose_time' | 'dose_lot';

/** One dose in words: "15:33 — esketamine 56 mg intranasal, 2 devices, lot L-1 by Nurse". */
export function doseText(dose: Dose): string {
  const devices = dose.deviceCount === undefined ? '' : `, ${dose.deviceCount} device${dose.deviceCount === 1 ? '' : 's'}`;
  const perKg = dose.mgPerKg === undefined ? '' : ` (${dose.mgPerKg} mg/kg × ${dose.weightKg} kg)`;
  const lot = dose.lotNumber ? `, lot ${dose.lotNumber}` : '';
  const part = dose.deviceOfDoseId === undefined ? '' : ' (further device of the same dose)';
  return `${clockTime(dose.administeredAt)} — ${dose.drug} ${dose.doseMg} mg ${dose.route}${devices}${perKg}${lot}${part}`;
}

/**
 * The doses given, each correctable by an amendment with a reason (its time, which moves the
 * observation clock, or its lot number). The record keeps the original and the correction.
 * A device given before the label's rest after the one before it says so.
 */
export function DoseList({
  state,
  rules,
  canCorrect,
  serverNow,
  submit,
}: {
  state: SessionState;
  rules: CourseRules;
  canCorrect: boolean;
  serverNow: () => number;
  submit: SubmitCommand;
}) {
  if (state.doses.length === 0) return null;
  const shortRests = new Map(shortDeviceRests(state, rules).map((rest) => [rest.doseId, shortRestText(rest)]));
  return (
    <ul className="dose-list" aria-label="Doses given">
      {state.doses.map((dose) => (
        <li key={dose.doseId}>
          {doseText(dose)} <span className="muted">by {describeActor(dose.recordedBy)}</span>
          {shortRests.has(dose.doseId) && <strong className="status-blocked"> ⚠ {shortRests.get(dose.doseId)}</strong>}
          {canCorrect && <CorrectDose dose={dose} openedAt={state.openedAt} serverNow={serverNow} submit={submit} />}
        </li>
      ))}
    </ul>
  );
}

function CorrectDose({
  dose,
  openedAt,
  serverNow,
  submit,
}: {
  dose: Dose;
  openedAt: number;
  serverNow: () => number;
  submit: SubmitCommand;
}) {
  const [open, setOpen] = useState(false);
  const [what, setWhat] = useState<What>('dose_time');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ value?: string; reason?: string }>({});
  const id = `correct-${dose.doseId}`;
  if (!open) {
    return (
      <button
        type="button"
        className="button-quiet"
        onClick={() => setOpen(true)}
        aria-label={`Correct the dose given at ${clockTime(dose.administeredAt)}`}
      >
        Correct…
      </button>
    );
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const next: { value?: string; reason?: string } = {};
    let change: AmendmentChange | null = null;
    if (what === 'dose_time') {
      const parsed = value.trim() === '' ? null : parseMeasuredAt(value, serverNow(), openedAt);
      if (parsed === null) next.value = 'Enter the time it was given (HH:MM)';
      else if (!parsed.ok) next.value = parsed.message;
      else change = { kind: 'dose_time', administeredAt: parsed.observedAt };
    } else {
      const lot = parseInput(lotNumberSchema, value);
      if (!lot.ok) next.value = lot.error.message;
      else change = { kind: 'dose_lot', lotNumber: lot.value };
    }
    const parsedReason = parseInput(reasonSchema, reason);
    if (!parsedReason.ok) next.reason = parsedReason.error.message;
    setErrors(next);
    if (change === null || !parsedReason.ok) return;
    void submit('amendment.record', { targetSeq: dose.seq, reason: parsedReason.value, change });
    setOpen(false);
    setValue('');
    setReason('');
  }

  return (
    <form className="correction-form" onSubmit={onSubmit} noValidate onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}>
      <fieldset>
        <legend>Correct this dose</legend>
        <label>
          <input type="radio" name={`${id}-what`} checked={what === 'dose_time'} onChange={() => setWhat('dose_time')} /> Time given
        </label>
        <label>
          <input type="radio" name={`${id}-what`} checked={what === 'dose_lot'} onChange={() => setWhat('dose_lot')} /> Lot number
        </label>
      </fieldset>
      <LabelledInput
        id={`${id}-value`}
        label={what === 'dose_time' ? 'Corrected time (HH:MM)' : 'Corrected lot number'}
        autoComplete="off"
        value={value}
        error={errors.value}
        onChange={(event) => setValue(event.target.value)}
      />
      <LabelledInput
        id={`${id}-reason`}
        label="Reason for the correction (required)"
        autoComplete="off"
        maxLength={500}
        value={reason}
        error={errors.reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <FormActions onCancel={() => setOpen(false)}>Record the correction</FormActions>
    </form>
  );
}
