import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface ScaleOption {
  value: number;
  /** The accessible name of the option (e.g. "4 Lethargic response …" or "Item 7: 3"). */
  label: string;
  content: ReactNode;
}

export interface ScaleRadioGroupProps {
  label: string;
  options: readonly ScaleOption[];
  value: number | null;
  onChange(value: number): void;
  /** Enter on the group (a keyboard "record this"), and a click or tap on an option. */
  onCommit?(value: number): void;
  className?: string;
  optionClassName?: string;
}

const NEXT_KEYS = new Set(['ArrowRight', 'ArrowDown']);
const PREVIOUS_KEYS = new Set(['ArrowLeft', 'ArrowUp']);

/**
 * A clinical scale as one radio group: one Tab stop (the chosen option, or the first), the
 * arrow keys move the choice, Home and End jump to the ends, Enter commits where the group has
 * a commit (a click or tap on an option chooses and commits at once, so a pointer stays one tap).
 */
export function ScaleRadioGroup({ label, options, value, onChange, onCommit, className, optionClassName }: ScaleRadioGroupProps) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const chosenIndex = options.findIndex((option) => option.value === value);
  const tabIndexOf = (index: number) => (index === (chosenIndex >= 0 ? chosenIndex : 0) ? 0 : -1);

  function move(index: number) {
    const option = options[index];
    if (!option) return;
    onChange(option.value);
    refs.current[index]?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    if (NEXT_KEYS.has(event.key)) move(Math.min(options.length - 1, index + 1));
    else if (PREVIOUS_KEYS.has(event.key)) move(Math.max(0, index - 1));
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(options.length - 1);
    else if (event.key === 'Enter' && onCommit && options[index]) onCommit(options[index].value);
    else if (event.key === ' ' && options[index]) onChange(options[index].value);
    else return;
    event.preventDefault();
  }

  return (
    <div role="radiogroup" aria-label={label} className={className}>
      {options.map((option, index) => (
        <button
          key={option.value}
          ref={(element) => {
            refs.current[index] = element;
          }}
          type="button"
          role="radio"
          aria-checked={option.value === value}
          aria-label={option.label}
          tabIndex={tabIndexOf(index)}
          className={optionClassName}
          onKeyDown={(event) => onKeyDown(event, index)}
          onClick={() => {
            onChange(option.value);
            onCommit?.(option.value);
          }}
        >
          {option.content}
        </button>
      ))}
    </div>
  );
}
