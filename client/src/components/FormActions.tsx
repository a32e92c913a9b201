import type { ReactNode } from 'react';

interface FormButtonsProps {
  /** What the submit button says it records. */
  children: ReactNode;
  onCancel: () => void;
  disabled?: boolean;
}

/**
 * The two buttons that end an inline form: the submit, and a Cancel beside it that folds the form
 * away without recording anything.
 */
export function FormButtons({ children, onCancel, disabled }: FormButtonsProps) {
  return (
    <>
      <button type="submit" className="button-primary" disabled={disabled}>
        {children}
      </button>
      <button type="button" className="button-quiet" onClick={onCancel}>
        Cancel
      </button>
    </>
  );
}

/** The form's submit and Cancel in their own row (`entry-actions` unless the form styles its own). */
export function FormActions({ className = 'entry-actions', ...buttons }: FormButtonsProps & { className?: string }) {
  return (
    <div className={className}>
      <FormButtons {...buttons} />
    </div>
  );
}
