import { memo, useCallback, useState, type FormEvent } from 'react';
import { LabelledInput } from '../../components/LabelledInput';
import { INTRANASAL_ROUTE } from '../../../../shared/lifecycle/dose';
import { doseBlockers } from '../../../../shared/lifecycle/predose';
import { furtherDoseSettings } from '../../../../shared/lifecycle/doses';
import { lifecycleRulesFrom } from '../../../../shared/lifecycle/phases';
import type { Protocol } from '../../../../shared/protocols/schema';
import type { SessionState } from '../../../../shared/session/state';
import { wallClockText } from '../../format/time';
import type { OutboxEntry } from '../../outbox/storage';
import { describeEntry } from './describeEntry';
import { DoseList } from './DoseCorrection';
import { computedDoseMg, initialDoseValues, isWeightBased, parseDoseForm, type DoseField, type DoseFormValues } from './doseForm';
import { NextDevice } from './NextDevice';
import { PendingEntries } from './PendingEntries';
import type { SubmitCommand } from '../../realtime/submit';

export interface DosePanelProps {
  state: SessionState;
  protocol: Protocol;
  serverNow: () => number;
  pending: OutboxEntry[];
  submit: SubmitCommand;
  onDiscard: (commandId: string) => void;
}

/**
 * One field of the dose form; memoised, so a monitor's reading (which redraws the panel every
 * second) does not redraw the inputs (React sets a redrawn input's name and type again).
 */
const DoseInput = memo(function DoseInput({
  fieldKey,
  label,
  hint,
  inputMode,
  value,
  error,
  onValue,
}: {
  fieldKey: keyof DoseFormValues;
  label: string;
  hint?: string;
  inputMode?: 'decimal' | 'numeric';
  value: string;
  error?: string;
  onValue: (key: keyof DoseFormValues, value: string) => void;
}) {
  return (
    <div className={`entry-field${error ? ' has-error' : ''}`}>
      <LabelledInput
        id={`dose-${fieldKey}`}
        label={label}
        hint={hint && `(${hint})`}
        error={error}
        describeError
        name={fieldKey}
        autoComplete="off"
        inputMode={inputMode}
        value={value}
        onChange={(event) => onValue(fieldKey, event.target.value)}
      />
    </div>
  );
});

/**
 * The dose: drug and route from the protocol, mg (or mg/kg and weight, showing the mg), lot,
 * time (blank = now, or earlier), devices for intranasal. Further doses are further entries.
 */
export function DosePanel({ state, protocol, serverNow, pending, submit, onDiscard }: DosePanelProps) {
  const [values, setValues] = useState<DoseFormValues>(() => initialDoseValues(protocol));
  const setValue = useCallback((key: keyof DoseFormValues, value: string) => setValues((current) => ({ ...current, [key]: value })), []);
  const [errors, setErrors] = useState<Partial<Record<DoseField, string>>>({});
  const [status, setStatus] = useState<string | null>(null);
  // A dose is never sent twice by a double press: busy until it is queued, then the queued entry holds the button.
  const [busy, setBusy] = useState(false);
  const weightBased = isWeightBased(protocol);
  const computed = weightBased ? computedDoseMg(values) : null;
  const first = state.doses.length === 0;
  const blockers = first ? doseBlockers(state, protocol.preDoseChecklist, protocol.preDoseAdvisory) : [];
  const blocked = state.phase === 'pre_dose' && blockers.length > 0;
  const intranasal = values.route.trim() === INTRANASAL_ROUTE;
  const queued = pending.some((entry) => entry.event === 'dose.record' && entry.status === 'waiting');
  const rules = lifecycleRulesFrom(protocol);
  // After the first dose, a further dose only where the protocol sets its schedule and minimum.
  const furtherDose = first ? null : furtherDoseSettings(rules, values.route.trim());

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (blocked || busy || queued) return;
    setStatus(null);
    const parsed = parseDoseForm(values, { weightBased, serverNow: serverNow(), notBefore: state.openedAt });
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await submit('dose.record', parsed.fields);
    } finally {
      setBusy(false);
    }
    setValues({ ...initialDoseValues(protocol), lotNumber: values.lotNumber, weightKg: values.weightKg });
    setStatus(first ? 'Dose saved: the observation clock starts from its time.' : 'Further dose saved.');
  }

  function reenter(entry: OutboxEntry) {
    const request = entry.request as Record<string, unknown>;
    const text = (key: string) => (request[key] === undefined ? '' : String(request[key]));
    setValues({
      drug: text('drug'),
      route: text('route'),
      doseMg: text('doseMg'),
      mgPerKg: text('mgPerKg'),
      weightKg: text('weightKg'),
      lotNumber: text('lotNumber'),
      deviceCount: text('deviceCount'),
      givenAt: typeof request.observedAt === 'number' ? wallClockText(request.observedAt) : '',
    });
    onDiscard(entry.commandId);
  }

  const field = (key: keyof DoseFormValues, label: string, hint?: string, inputMode?: 'decimal' | 'numeric') => (
    <DoseInput fieldKey={key} label={label} hint={hint} inputMode={inputMode} value={values[key]} error={errors[key]} onValue={setValue} />
  );

  return (
    <section className="lifecycle-panel" aria-labelledby="dose-title">
      <h2 id="dose-title">{first ? 'Record the dose' : 'Further device or dose'}</h2>
      <DoseList state={state} rules={rules} canCorrect serverNow={serverNow} submit={submit} />
      {!first && <NextDevice state={state} rules={rules} serverNow={serverNow} submit={submit} waiting={queued} />}
      {!first && (
        <p className="muted" data-testid="further-dose-rule">
          {furtherDose === null
            ? `This protocol sets no observation for a further ${values.route.trim()} dose, so none can be recorded here.`
            : `A further ${values.route.trim()} dose restarts the check schedule and the ${furtherDose.minimumObservationMinutes}-min minimum observation from its own time.`}
        </p>
      )}
      <form className="dose-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <div className="entry-grid">
          {field('drug', 'Drug')}
          {field('route', 'Route')}
          {weightBased ? (
            <>
              {field('mgPerKg', 'Dose per kg', 'mg/kg', 'decimal')}
              {field('weightKg', 'Weight', 'kg', 'decimal')}
            </>
          ) : (
            field('doseMg', 'Dose', 'mg', 'decimal')
          )}
          {field('lotNumber', 'Lot number')}
          {intranasal && field('deviceCount', 'Devices', 'in this entry', 'numeric')}
          {field('givenAt', intranasal ? 'First device at' : 'Given at', 'blank = now, HH:MM, or -5')}
        </div>
        {weightBased && (
          <p className="computed-dose" data-testid="computed-dose" aria-live="polite">
            {computed === null ? 'Enter the dose per kg and the weight to compute the dose.' : `Dose: ${computed} mg`}
          </p>
        )}
        {errors.form && <p className="field-error">⚠ {errors.form}</p>}
        {blocked && (
          <p className="status-blocked" id="dose-blocked">
            ✕ The dose cannot be recorded yet: {blockers.map((blocker) => blocker.message).join('; ')}.
          </p>
        )}
        <div className="entry-actions">
          <button
            type="submit"
            className="button-primary"
            disabled={blocked || busy || queued || (!first && furtherDose === null)}
            aria-describedby={blocked ? 'dose-blocked' : undefined}
          >
            {first ? 'Record dose' : 'Record further dose'}
          </button>
          <span role="status" className="entry-status">
            {status}
          </span>
        </div>
      </form>
      <PendingEntries entries={pending} describe={(entry) => describeEntry(entry)} onDiscard={onDiscard} onReenter={reenter} />
    </section>
  );
}
