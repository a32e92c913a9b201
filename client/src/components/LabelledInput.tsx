import type { InputHTMLAttributes, ReactNode } from 'react';

/**
 * A label, its input and the input's error under it ("⚠ message"); the input is marked invalid
 * while there is an error. With `describeError` the message is also linked to the input
 * (aria-describedby), so a screen reader reads it with the field.
 */
export function LabelledInput({
  id,
  label,
  error,
  hint,
  describeError = false,
  ...input
}: {
  id: string;
  label: ReactNode;
  /** Said after the label, quieter: "(optional)". */
  hint?: string;
  error: string | null | undefined;
  describeError?: boolean;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>) {
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
      <input id={id} {...input} aria-invalid={error ? true : undefined} aria-describedby={errorId} />
      {error && (
        <span id={errorId} className="field-error">
          ⚠ {error}
        </span>
      )}
    </>
  );
}
