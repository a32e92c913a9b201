import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Issue } from '../../../shared/result';
import { PLAUSIBLE_RANGES } from '../../../shared/vitals/plausibility';
import { manualVitalSetSchema, vitalFieldSchemas, vitalSetSchema, type ManualVitalSet } from '../../../shared/vitals/schema';
import { parseInput } from '../../../shared/validation';
import { parseMeasuredAt } from './measuredAt';

type FieldKey = keyof typeof vitalFieldSchemas;

const FIELDS: { key: FieldKey; label: string; unit: string; optional?: boolean; decimal?: boolean }[] = [
  { key: 'systolicMmHg', label: 'Systolic', unit: 'mmHg' },
  { key: 'diastolicMmHg', label: 'Diastolic', unit: 'mmHg' },
  { key: 'heartRateBpm', label: 'Heart rate', unit: '/min' },
  { key: 'spo2Percent', label: 'SpO2', unit: '%' },
  { key: 'respiratoryRatePerMin', label: 'Resp. rate', unit: '/min' },
  { key: 'temperatureC', label: 'Temperature', unit: '°C', optional: true, decimal: true },
];

type Values = Record<FieldKey | 'measuredAt', string>;
const EMPTY: Values = {
  systolicMmHg: '',
  diastolicMmHg: '',
  heartRateBpm: '',
  spo2Percent: '',
  respiratoryRatePerMin: '',
  temperatureC: '',
  measuredAt: '',
};

export interface VitalsEntryPanelProps {
  /** The server's clock now (the panel's "now"). */
  serverNow: () => number;
  /** Earliest acceptable "measured at" (the session's opening). */
  notBefore: number;
  onSubmit: (entry: { vitals: ManualVitalSet; observedAt: number }) => Promise<string | null>;
  /** Values to put back into the form (re-entering a refused entry). */
  initial?: Partial<Values>;
  /** This person's vital sets not yet stored by the server (queued in the outbox). */
  waitingCount?: number;
}

const FIRST_FIELD_ID = 'entry-systolicMmHg';

/**
 * Alt+R ("record") takes the nurse to the first vitals field from anywhere on the session page.
 * Alt with a letter is free in Chrome, Edge, Safari and Firefox (whose menus use F, E, V, S, B,
 * T, H) and in NVDA, JAWS, VoiceOver and TalkBack, which use Insert, Caps Lock or Ctrl+Option.
 */
export const VITALS_SHORTCUT = { keys: 'Alt+R', code: 'KeyR' } as const;

/** Puts the cursor in the first vitals field (scrolled into view); false when the panel is not on the page. */
export function focusVitalsEntry(): boolean {
  const field = document.getElementById(FIRST_FIELD_ID);
  if (!(field instanceof HTMLInputElement)) return false;
  field.focus();
  field.select();
  return true;
}

function toNumber(text: string): number | undefined | typeof NaN {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/**
 * The nurse's vital-set entry: type, Tab, Enter. Each implausible value is refused beside its
 * field in plain words and nothing is sent; a plausible but alarming value is accepted.
 */
export function VitalsEntryPanel({ serverNow, notBefore, onSubmit, initial, waitingCount = 0 }: VitalsEntryPanelProps) {
  const [values, setValues] = useState<Values>({ ...EMPTY, ...initial });
  const [errors, setErrors] = useState<Partial<Record<FieldKey | 'measuredAt' | 'form', string>>>({});
  const [entered, setEntered] = useState(false);
  const [busy, setBusy] = useState(false);
  const firstField = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    function onShortcut(event: globalThis.KeyboardEvent) {
      // By key position, so Option+R on a Mac (which types ®) and other layouts work too.
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.code !== VITALS_SHORTCUT.code) return;
      if (focusVitalsEntry()) event.preventDefault();
    }
    window.addEventListener('keydown', onShortcut);
    return () => window.removeEventListener('keydown', onShortcut);
  }, []);

  function checkField(key: FieldKey, text: string): string | undefined {
    const number = toNumber(text);
    if (number === undefined) return undefined; // required fields are checked on Enter
    if (Number.isNaN(number)) return `${PLAUSIBLE_RANGES[key].label} must be a number`;
    const parsed = parseInput(vitalFieldSchemas[key], number);
    return parsed.ok ? undefined : parsed.error.message;
  }

  function onBlur(key: FieldKey) {
    setErrors((current) => ({ ...current, [key]: checkField(key, values[key]) }));
  }

  function collect(): { vitals: unknown; numberErrors: Partial<Record<FieldKey, string>> } {
    const vitals: Record<string, number> = {};
    const numberErrors: Partial<Record<FieldKey, string>> = {};
    for (const field of FIELDS) {
      const number = toNumber(values[field.key]);
      if (number === undefined) continue;
      if (Number.isNaN(number)) numberErrors[field.key] = `${field.label} must be a number`;
      else vitals[field.key] = number;
    }
    return { vitals, numberErrors };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setEntered(false);
    const now = serverNow();
    const measured = parseMeasuredAt(values.measuredAt, now, notBefore);
    const { vitals, numberErrors } = collect();
    const parsed = parseInput(manualVitalSetSchema, vitals);
    // The pressure pair is checked on its own too, so its message shows even while another field is missing.
    const { systolicMmHg, diastolicMmHg } = vitals as Record<string, number | undefined>;
    const pair = parseInput(vitalSetSchema, { systolicMmHg, diastolicMmHg });
    const next: Partial<Record<FieldKey | 'measuredAt' | 'form', string>> = { ...numberErrors };
    const issues = [
      ...(parsed.ok ? [] : parsed.error.issues),
      ...(pair.ok || systolicMmHg === undefined || diastolicMmHg === undefined ? [] : pair.error.issues),
    ];
    if (issues.length > 0) {
      for (const issue of issues as Issue[]) {
        const key = issue.path[0] as FieldKey | undefined;
        if (key && !next[key]) next[key] = issue.message;
        if (!key) next.form = issue.message;
      }
    }
    if (!measured.ok) next.measuredAt = measured.message;
    setErrors(next);
    const firstInvalid = [...FIELDS.map((f) => f.key), 'measuredAt'].find((key) => next[key as FieldKey]);
    if (firstInvalid || !parsed.ok || !measured.ok) {
      if (firstInvalid) formRef.current?.querySelector<HTMLInputElement>(`[name="${firstInvalid}"]`)?.focus();
      return;
    }
    setBusy(true);
    const failure = await onSubmit({ vitals: parsed.value, observedAt: measured.observedAt });
    setBusy(false);
    if (failure) {
      setErrors({ form: failure });
      return;
    }
    setValues(EMPTY);
    setErrors({});
    setEntered(true);
    firstField.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === 'Escape') {
      setValues(EMPTY);
      setErrors({});
      firstField.current?.focus();
    }
  }

  const describedBy = (key: string) => (errors[key as FieldKey] ? `${key}-error` : `${key}-hint`);

  return (
    <form ref={formRef} className="entry-panel" onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-labelledby="entry-title">
      <h2 id="entry-title">Record vital signs</h2>
      <div className="entry-grid">
        {FIELDS.map((field, index) => (
          <div key={field.key} className={`entry-field${errors[field.key] ? ' has-error' : ''}`}>
            <label htmlFor={`entry-${field.key}`}>
              {field.label}{' '}
              <span className="muted">
                ({field.unit}
                {field.optional ? ', optional' : ''})
              </span>
            </label>
            <input
              id={`entry-${field.key}`}
              name={field.key}
              ref={index === 0 ? firstField : undefined}
              aria-keyshortcuts={index === 0 ? VITALS_SHORTCUT.keys : undefined}
              inputMode={field.decimal ? 'decimal' : 'numeric'}
              autoComplete="off"
              value={values[field.key]}
              aria-invalid={errors[field.key] ? true : undefined}
              aria-describedby={describedBy(field.key)}
              onChange={(e) => setValues((v) => ({ ...v, [field.key]: e.target.value }))}
              onBlur={() => onBlur(field.key)}
            />
            <span id={`${field.key}-hint`} hidden>
              {PLAUSIBLE_RANGES[field.key].label} in {field.unit}
            </span>
            {errors[field.key] && (
              <span id={`${field.key}-error`} className="field-error">
                ⚠ {errors[field.key]}
              </span>
            )}
          </div>
        ))}
        <div className={`entry-field entry-field-wide${errors.measuredAt ? ' has-error' : ''}`}>
          <label htmlFor="entry-measuredAt">
            Measured at <span className="muted">(blank = now, or HH:MM, or -10 for 10 min ago)</span>
          </label>
          <input
            id="entry-measuredAt"
            name="measuredAt"
            placeholder="now"
            autoComplete="off"
            value={values.measuredAt}
            aria-invalid={errors.measuredAt ? true : undefined}
            aria-describedby={describedBy('measuredAt')}
            onChange={(e) => setValues((v) => ({ ...v, measuredAt: e.target.value }))}
          />
          <span id="measuredAt-hint" hidden>
            Leave blank for now
          </span>
          {errors.measuredAt && (
            <span id="measuredAt-error" className="field-error">
              ⚠ {errors.measuredAt}
            </span>
          )}
        </div>
      </div>
      {errors.form && (
        <p className="field-error" role="alert">
          ⚠ {errors.form}
        </p>
      )}
      <div className="entry-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          Record (Enter)
        </button>
        <span role="status" className="entry-status">
          {entered &&
            (waitingCount > 0
              ? `Vital set queued — it will send when the connection allows (${waitingCount} not yet stored).`
              : 'Vital set stored.')}
        </span>
      </div>
    </form>
  );
}
