import { useState, type FormEvent } from 'react';
import { DISPOSITION_LABELS, type Disposition } from '../../../../shared/session/state';
import type { SubmitCommand } from '../../realtime/submit';
import { FormActions } from '../../components/FormActions';
import { LabelledTextarea } from '../../components/LabelledInput';

type WayOut = Exclude<Disposition, 'home'>;
const WAYS_OUT: WayOut[] = ['emergency_transfer', 'against_advice'];

/**
 * The two ways out before the discharge criteria hold (always open, even below a regulatory
 * floor): transferred to emergency care, or left against advice, each recorded with a reason.
 * Folded away until asked for, so it is never pressed by mistake.
 */
export function LeaveBeforeCriteria({ submit, waiting }: { submit: SubmitCommand; waiting: boolean }) {
  const [open, setOpen] = useState(false);
  const [disposition, setDisposition] = useState<WayOut>('emergency_transfer');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" className="button-quiet" onClick={() => setOpen(true)}>
        Patient leaving another way (emergency transfer, against advice)…
      </button>
    );
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const why = reason.trim();
    if (why === '') {
      setError('A reason is required');
      return;
    }
    setError(null);
    void submit('session.discharge', { disposition, dispositionReason: why });
    setReason('');
    setOpen(false);
  }

  return (
    <form
      className="discharge-form leave-form"
      onSubmit={onSubmit}
      noValidate
      onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}
    >
      <fieldset>
        <legend>How is the patient leaving?</legend>
        {WAYS_OUT.map((way) => (
          <label key={way}>
            <input type="radio" name="disposition" checked={disposition === way} onChange={() => setDisposition(way)} />{' '}
            {DISPOSITION_LABELS[way]}
          </label>
        ))}
      </fieldset>
      <LabelledTextarea
        id="disposition-reason"
        label="What happened (required)"
        rows={2}
        maxLength={500}
        value={reason}
        error={error}
        describeError
        onChange={(event) => setReason(event.target.value)}
      />
      <FormActions disabled={waiting} onCancel={() => setOpen(false)}>
        Record: {DISPOSITION_LABELS[disposition]}
      </FormActions>
    </form>
  );
}
