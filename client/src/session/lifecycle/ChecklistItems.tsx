import { memo, useState } from 'react';
import type { PracticalDischargeItem, PreDoseChecklistItem } from '../../../../shared/lifecycle/config';
import type { ChecklistKind } from '../../../../shared/lifecycle/schemas';
import { ROLE_LABELS, type Role } from '../../../../shared/roles';
import { describeActor } from '../../../../shared/session/actor';
import type { ChecklistTick } from '../../../../shared/session/state';
import { isValid } from 'date-fns';
import { clinicDayStart } from '../../../../shared/record/clinicTime';
import { clinicClockKey, clinicDate, clockTime } from '../../format/time';
import { clinicTimeZone, serverNow } from '../../realtime/serverClock';
import type { OutboxEntry } from '../../outbox/storage';
import type { SubmitCommand } from '../../realtime/submit';

type Item = PreDoseChecklistItem | PracticalDischargeItem;

export interface ChecklistItemsProps {
  checklist: ChecklistKind;
  items: readonly Item[];
  ticks: Record<string, ChecklistTick>;
  role: Role;
  /** Item ids with a tick or untick still queued on this screen. */
  waitingItemIds: ReadonlySet<string>;
  /** False once the checklist can no longer change (after the dose, after discharge). */
  editable: boolean;
  submit: SubmitCommand;
}

/** Item ids with a tick or untick still queued among a panel's pending entries. */
export function waitingItemIds(pending: readonly OutboxEntry[]): Set<string> {
  return new Set(
    pending
      .filter((entry) => entry.status === 'waiting' && entry.event.startsWith('checklist.'))
      .map((entry) => String(entry.request.itemId)),
  );
}

function whoMay(roles: readonly Role[]): string {
  const names = roles.map((role) => ROLE_LABELS[role].toLowerCase());
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
}

function needsDate(item: Item): boolean {
  return 'needsDate' in item && item.needsDate === true;
}

/** "2026-11-30" from a date input, as the instant that day starts in the clinic's zone; null when blank or invalid. */
export function dateInputToEpochMs(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match || !isValid(new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])))) return null;
  const start = clinicDayStart(match[0], clinicTimeZone());
  return Number.isNaN(start) ? null : start;
}

/**
 * A checklist as large checkboxes, each ticked by a named person: who ticked it and when,
 * or why this person cannot (role), or that the change is still on its way.
 */
export function ChecklistItems({ checklist, items, ticks, role, waitingItemIds, editable, submit }: ChecklistItemsProps) {
  // The rows are memoised (a monitor's reading redraws the discharge panel every second, and React
  // sets a redrawn checkbox's name and type again); their times are written in the clinic's zone and day.
  const clinicClock = clinicClockKey(serverNow());
  return (
    <ul className="checklist" aria-label={checklist === 'pre_dose' ? 'Pre-dose checklist' : 'Discharge checklist: practical items'}>
      {items.map((item) => (
        <ChecklistRow
          key={item.id}
          checklist={checklist}
          item={item}
          tick={ticks[item.id] ?? null}
          allowed={item.rolesAllowed.includes(role)}
          waiting={waitingItemIds.has(item.id)}
          editable={editable}
          submit={submit}
          clinicClock={clinicClock}
        />
      ))}
    </ul>
  );
}

const ChecklistRow = memo(function ChecklistRow({
  checklist,
  item,
  tick,
  allowed,
  waiting,
  editable,
  submit,
}: {
  checklist: ChecklistKind;
  item: Item;
  tick: ChecklistTick | null;
  allowed: boolean;
  waiting: boolean;
  editable: boolean;
  submit: SubmitCommand;
  /** The clinic's zone and day, which the tick's time is written in: only so that the memoised row is redrawn when they change. */
  clinicClock: string;
}) {
  const [dateText, setDateText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = `check-${checklist}-${item.id}`;
  const dated = needsDate(item);

  function toggle() {
    // While its tick is sending the box keeps focus (a disabled box would drop it to the page) and ignores presses.
    if (waiting) return;
    setError(null);
    if (tick) {
      void submit('checklist.untick', { checklist, itemId: item.id });
      return;
    }
    if (dated) {
      const date = dateInputToEpochMs(dateText);
      if (date === null) {
        setError('Enter the date first');
        return;
      }
      void submit('checklist.tick', { checklist, itemId: item.id, date });
      return;
    }
    void submit('checklist.tick', { checklist, itemId: item.id });
  }

  const disabled = !editable || !allowed;
  return (
    <li className={`checklist-item${tick ? ' is-ticked' : ''}`} data-testid={`checklist-item-${item.id}`}>
      <label htmlFor={id} className="checklist-label">
        {/* A queued tick or untick shows at once, as a checkbox does, and says it is not on the record yet. */}
        <input
          id={id}
          type="checkbox"
          checked={waiting ? tick === null : tick !== null}
          disabled={disabled}
          aria-disabled={waiting || undefined}
          onChange={toggle}
          aria-describedby={`${id}-state`}
        />
        <span>{item.label}</span>
      </label>
      <span id={`${id}-state`} className="checklist-state">
        {waiting ? (
          <span className="muted">{tick ? 'Untick not yet on the record — still ticked' : 'Ticked here — not yet on the record'}</span>
        ) : tick ? (
          <span className="tick-by">
            ✓ Ticked by {describeActor(tick.tickedBy)} at {clockTime(tick.tickedAt)}
            {tick.date !== undefined && ` — date ${clinicDate(tick.date)}`}
          </span>
        ) : (
          <span className="muted">Not ticked</span>
        )}
        {waiting && <span className="badge badge-pending"> ⏳ sending…</span>}
        {editable && !allowed && <span className="muted"> — only a {whoMay(item.rolesAllowed)} can change this</span>}
      </span>
      {dated && !tick && editable && allowed && (
        <span className="checklist-date">
          <label htmlFor={`${id}-date`}>Date for “{item.label}”</label>
          <input
            id={`${id}-date`}
            type="date"
            value={dateText}
            aria-invalid={error ? true : undefined}
            onChange={(event) => setDateText(event.target.value)}
          />
        </span>
      )}
      {error && <span className="field-error">⚠ {error}</span>}
    </li>
  );
});
