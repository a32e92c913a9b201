import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react';

interface LabelledFieldProps {
  id: string;
  label: ReactNode;
  /** Said after the label, quieter: "(optional)". */
  hint?: string;
  error: string | null | undefined;
  describeError?: boolean;
}

/** The label, the control (given the props that mark it invalid and link its error) and the error under it. */
function LabelledField({
  id,
  label,
  hint,
  error,
  describeError = false,
  control,
}: LabelledFieldProps & {
  control: (errorProps: { 'aria-invalid': true | undefined; 'aria-describedby': string | undefined }) => ReactNode;
}) {
  const errorId = describeError && error ? `${id}-error` : undefined;
  return (
    <>
      <label htmlFor={id}>
        {label}
        {hint && (
          <>
            {' '}
            <span className="muted">{hint}</span>
          </>
        )}
      </label>
      {control({ 'aria-invalid': error ? true : undefined, 'aria-describedby': errorId })}
      {error && (
        <span id={errorId} className="field-error">
          ⚠ {error}
        </span>
      )}
    </>
  );
}

/** The field's own props apart from those of its control. */
function splitField<Control>({ id, label, hint, error, describeError, ...control }: LabelledFieldProps & Control) {
  return { field: { id, label, hint, error, describeError }, control };
}

/**
 * A label, its input and the input's error under it ("⚠ message"); the input is marked invalid
 * while there is an error. With `describeError` the message is also linked to the input
 * (aria-describedby), so a screen reader reads it with the field.
 */
export function LabelledInput(props: LabelledFieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>) {
  const { field, control } = splitField(props);
  return <LabelledField {...field} control={(errorProps) => <input id={field.id} {...control} {...errorProps} />} />;
}

/** The same as `LabelledInput`, for text that may run to more than one line. */
export function LabelledTextarea(props: LabelledFieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>) {
  const { field, control } = splitField(props);
  return <LabelledField {...field} control={(errorProps) => <textarea id={field.id} {...control} {...errorProps} />} />;
}
