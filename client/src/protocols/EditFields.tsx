import { ALARM_PRIORITIES } from '../../../shared/alerts/types';
import { inputId, type FieldSpec } from './editDraft';
import { DISSOCIATION_SCALE_TEXT, priorityText } from './protocolText';

/** The messages the server gave for one field, each on its own line, linked to its input. */
export function FieldErrors({ fieldKey, messages }: { fieldKey: string; messages: string[] | undefined }) {
  if (!messages || messages.length === 0) return null;
  return (
    <span id={`${inputId(fieldKey)}-error`} className="field-error">
      {messages.map((message) => (
        <span key={message} className="protocol-field-message">
          ⚠ {message}
        </span>
      ))}
    </span>
  );
}

/** The props an input needs to say it is wrong and where the reason is. */
export function invalidProps(fieldKey: string, messages: string[] | undefined) {
  const invalid = messages !== undefined && messages.length > 0;
  return {
    id: inputId(fieldKey),
    'aria-invalid': invalid ? true : undefined,
    'aria-describedby': invalid ? `${inputId(fieldKey)}-error` : undefined,
  };
}

export function PriorityOptions() {
  return ALARM_PRIORITIES.map((priority) => (
    <option key={priority} value={priority}>
      {priorityText(priority)}
    </option>
  ));
}

/** One labelled setting: a number (with its unit), text, a priority or the dissociation scale. */
export function EditField({
  spec,
  value,
  messages,
  onChange,
}: {
  spec: FieldSpec;
  value: string;
  messages: string[] | undefined;
  onChange: (value: string) => void;
}) {
  const props = invalidProps(spec.key, messages);
  const label = spec.unit ? `${spec.label} (${spec.unit})` : spec.label;
  return (
    <div className="protocol-field">
      <label htmlFor={props.id}>{label}</label>
      {spec.kind === 'priority' ? (
        <select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
          <PriorityOptions />
        </select>
      ) : spec.kind === 'scale' ? (
        <select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
          {Object.entries(DISSOCIATION_SCALE_TEXT).map(([scale, text]) => (
            <option key={scale} value={scale}>
              {text}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...props}
          value={value}
          inputMode={spec.kind === 'text' ? undefined : 'decimal'}
          maxLength={spec.kind === 'text' ? 200 : 12}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      <FieldErrors fieldKey={spec.key} messages={messages} />
    </div>
  );
}
