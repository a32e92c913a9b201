import { ALARM_PARAMETERS, type AlarmParameter, type AlarmPriority } from '../../../shared/alerts/types';
import type { AlarmLimit } from '../../../shared/protocols/schema';
import { limitKey, newLimit, type LimitDraft } from './editDraft';
import { FieldErrors, invalidProps, PriorityOptions } from './EditFields';
import { COMPARATOR_TEXT, PARAMETER_TEXT, parameterRange } from './protocolText';

const ADD_LIMIT_ID = 'protocol-add-limit';

/** One number of a limit (its value, its recheck window): the label, a decimal input and its errors. */
function LimitNumberField({
  fieldKey,
  label,
  value,
  maxLength,
  messages,
  onValue,
}: {
  fieldKey: string;
  label: string;
  value: string;
  maxLength: number;
  messages: string[] | undefined;
  onValue: (value: string) => void;
}) {
  const input = invalidProps(fieldKey, messages);
  return (
    <div className="protocol-field">
      <label htmlFor={input.id}>{label}</label>
      <input {...input} value={value} inputMode="decimal" maxLength={maxLength} onChange={(event) => onValue(event.target.value)} />
      <FieldErrors fieldKey={fieldKey} messages={messages} />
    </div>
  );
}

/**
 * The alarm limits as rows: value, priority and recheck window for every limit; parameter and
 * comparison for a new one. Remove takes a limit out of the next version only.
 */
export function LimitsEditor({
  limits,
  errors,
  onChange,
}: {
  limits: LimitDraft[];
  errors: Record<string, string[]>;
  onChange: (limits: LimitDraft[]) => void;
}) {
  const update = (index: number, patch: Partial<LimitDraft>) =>
    onChange(limits.map((limit, i) => (i === index ? { ...limit, ...patch } : limit)));
  return (
    <fieldset className="protocol-limits-edit">
      <legend>Alarm limits ({limits.length})</legend>
      <ol className="protocol-limit-rows">
        {limits.map((limit, index) => {
          const { label, unit } = PARAMETER_TEXT[limit.parameter];
          const range = parameterRange(limit.parameter);
          const name = `${label} ${COMPARATOR_TEXT[limit.comparator]}`;
          const key = (field: keyof LimitDraft) => limitKey(index, field);
          return (
            <li key={limit.id} className="protocol-limit-row" data-testid="limit-row" aria-label={`Limit ${index + 1}: ${name}`}>
              {limit.isNew ? (
                <>
                  <div className="protocol-field">
                    <label htmlFor={invalidProps(key('parameter'), errors[key('parameter')]).id}>Parameter of limit {index + 1}</label>
                    <select
                      {...invalidProps(key('parameter'), errors[key('parameter')])}
                      autoFocus
                      value={limit.parameter}
                      onChange={(event) => update(index, { parameter: event.target.value as AlarmParameter })}
                    >
                      {ALARM_PARAMETERS.map((parameter) => (
                        <option key={parameter} value={parameter}>
                          {PARAMETER_TEXT[parameter].label}
                        </option>
                      ))}
                    </select>
                    <FieldErrors fieldKey={key('parameter')} messages={errors[key('parameter')]} />
                  </div>
                  <div className="protocol-field">
                    <label htmlFor={invalidProps(key('comparator'), errors[key('comparator')]).id}>Alarm when the value is</label>
                    <select
                      {...invalidProps(key('comparator'), errors[key('comparator')])}
                      value={limit.comparator}
                      onChange={(event) => update(index, { comparator: event.target.value as AlarmLimit['comparator'] })}
                    >
                      <option value="<=">at or below (≤)</option>
                      <option value=">=">at or above (≥)</option>
                    </select>
                    <FieldErrors fieldKey={key('comparator')} messages={errors[key('comparator')]} />
                  </div>
                </>
              ) : (
                <p className="protocol-limit-name">
                  <strong>{name}</strong>
                </p>
              )}
              <LimitNumberField
                fieldKey={key('value')}
                label={`${label} limit${unit ? ` (${unit})` : ''}, ${range.min}-${range.max}`}
                value={limit.value}
                maxLength={12}
                messages={errors[key('value')]}
                onValue={(value) => update(index, { value })}
              />
              <div className="protocol-field">
                <label htmlFor={invalidProps(key('priority'), errors[key('priority')]).id}>
                  Priority of {label} limit {index + 1}
                </label>
                <select
                  {...invalidProps(key('priority'), errors[key('priority')])}
                  value={limit.priority}
                  onChange={(event) => update(index, { priority: event.target.value as AlarmPriority })}
                >
                  <PriorityOptions />
                </select>
                <FieldErrors fieldKey={key('priority')} messages={errors[key('priority')]} />
              </div>
              <LimitNumberField
                fieldKey={key('confirmWithinMinutes')}
                label="Recheck window (min, empty: off)"
                value={limit.confirmWithinMinutes}
                maxLength={6}
                messages={errors[key('confirmWithinMinutes')]}
                onValue={(confirmWithinMinutes) => update(index, { confirmWithinMinutes })}
              />
              <FieldErrors fieldKey={limitKey(index)} messages={errors[limitKey(index)]} />
              <button
                type="button"
                className="button-quiet protocol-remove"
                onClick={() => {
                  onChange(limits.filter((_, i) => i !== index));
                  // The row and its button are gone: keep the keyboard in the limits.
                  setTimeout(() => document.getElementById(ADD_LIMIT_ID)?.focus(), 0);
                }}
                aria-label={`Remove limit ${index + 1}: ${name}`}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ol>
      <button type="button" id={ADD_LIMIT_ID} className="button-quiet" onClick={() => onChange([...limits, newLimit(limits)])}>
        Add a limit
      </button>
    </fieldset>
  );
}
