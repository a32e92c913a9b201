import type { AlarmParameter, AlarmPriority } from '../../../shared/alerts/types';
import type { AlarmLimit, Protocol } from '../../../shared/protocols/schema';
import type { Issue } from '../../../shared/result';

/**
 * The edit form's model: what the person typed, as text, keyed by the protocol's own paths
 * ('news2.mediumAt', 'alarmLimits.2.value'), so the server's issue paths land on the input
 * that caused them. Nothing is validated here: the server's protocol schema is the one
 * source of the rules and their plain messages.
 */

export type FieldKind = 'number' | 'optionalNumber' | 'text' | 'priority' | 'scale';

export interface FieldSpec {
  /** The protocol path joined with '.', e.g. 'baselineRise.systolicMmHg'. */
  key: string;
  label: string;
  unit?: string;
  kind: FieldKind;
}

export interface FieldGroup {
  title: string;
  fields: FieldSpec[];
}

/** The scalar settings, grouped as the form shows them. */
export const FIELD_GROUPS: FieldGroup[] = [
  { title: 'Name', fields: [{ key: 'name', label: 'Protocol name', kind: 'text' }] },
  {
    title: 'Dose',
    fields: [
      { key: 'defaultDoseMg', label: 'Fixed dose (empty: none)', unit: 'mg', kind: 'optionalNumber' },
      { key: 'mgPerKg', label: 'Dose per kg (empty: none)', unit: 'mg/kg', kind: 'optionalNumber' },
      { key: 'infusionMinutes', label: 'Infusion time (empty: not an infusion)', unit: 'min', kind: 'optionalNumber' },
    ],
  },
  {
    title: 'Checks and observation',
    fields: [
      { key: 'checkGraceMinutes', label: 'Grace period either side of a check', unit: 'min', kind: 'number' },
      { key: 'overdueEscalateAfterMinutes', label: 'Overdue check becomes medium after', unit: 'min', kind: 'number' },
      { key: 'minimumObservationMinutes', label: 'Minimum observation after the dose', unit: 'min', kind: 'number' },
    ],
  },
  {
    title: 'Rise from the pre-dose baseline',
    fields: [
      { key: 'baselineRise.systolicMmHg', label: 'Systolic rise', unit: 'mmHg', kind: 'number' },
      { key: 'baselineRise.diastolicMmHg', label: 'Diastolic rise', unit: 'mmHg', kind: 'number' },
      { key: 'baselineRise.priority', label: 'Priority of a rise', kind: 'priority' },
    ],
  },
  {
    title: 'NEWS2',
    fields: [
      { key: 'news2.mediumAt', label: 'Medium alarm from score', kind: 'number' },
      { key: 'news2.highAt', label: 'High alarm from score', kind: 'number' },
      { key: 'news2.singleParameterThreeIs', label: 'Any single parameter scoring 3', kind: 'priority' },
    ],
  },
  {
    title: 'Pre-dose advisory (prescriber acknowledges a baseline above)',
    fields: [
      { key: 'preDoseAdvisory.systolicMmHg', label: 'Advisory systolic', unit: 'mmHg', kind: 'number' },
      { key: 'preDoseAdvisory.diastolicMmHg', label: 'Advisory diastolic', unit: 'mmHg', kind: 'number' },
    ],
  },
  {
    title: 'Alarm behaviour',
    fields: [
      { key: 'deviceSilenceMinutes', label: 'Device silent alarm after', unit: 'min', kind: 'number' },
      { key: 'deviceSilencePriority', label: 'Priority of a silent device', kind: 'priority' },
      { key: 'reAlarmAfterAcknowledgeMinutes', label: 'Re-alarm after acknowledgement if still present', unit: 'min', kind: 'number' },
      { key: 'escalateUnacknowledgedHighSeconds', label: 'Escalate an unacknowledged high alarm after', unit: 's', kind: 'number' },
      { key: 'audioPauseMinutes', label: 'Audio pause lasts', unit: 'min', kind: 'number' },
    ],
  },
  {
    title: 'Discharge',
    fields: [
      { key: 'discharge.vitalsWithinPercentOfBaseline', label: 'Vitals within this percent of baseline', unit: '%', kind: 'number' },
      { key: 'discharge.requiredMoaasScore', label: 'MOAA/S score required (0-5)', kind: 'number' },
      { key: 'dissociationScale', label: 'Dissociation scale', kind: 'scale' },
    ],
  },
];

/** One alarm limit as typed. Parameter and comparison are chosen only for a new limit. */
export interface LimitDraft {
  id: string;
  isNew: boolean;
  parameter: AlarmParameter;
  comparator: AlarmLimit['comparator'];
  value: string;
  priority: AlarmPriority;
  /** Empty: off (sounds at once). */
  confirmWithinMinutes: string;
}

export interface ProtocolDraft {
  /** Scalar fields and checklist labels by key ('news2.mediumAt', 'preDoseChecklist.0.label'). */
  values: Record<string, string>;
  /** The check schedule as typed: "0, 15, 30". */
  schedule: string;
  limits: LimitDraft[];
}

export const SCHEDULE_KEY = 'checkScheduleMinutes';
export const preDoseLabelKey = (index: number) => `preDoseChecklist.${index}.label`;
export const dischargeLabelKey = (index: number) => `discharge.practicalItems.${index}.label`;
export const limitKey = (index: number, field: keyof LimitDraft | null = null) =>
  field ? `alarmLimits.${index}.${field}` : `alarmLimits.${index}`;

function readPath(source: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>(
      (node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined),
      source,
    );
}

function writePath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  const last = parts.pop()!;
  let node: Record<string, unknown> = target;
  for (const part of parts) node = node[part] as Record<string, unknown>;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

const allFields = () => FIELD_GROUPS.flatMap((group) => group.fields);

export function toDraft(protocol: Protocol): ProtocolDraft {
  const values: Record<string, string> = {};
  for (const field of allFields()) {
    const value = readPath(protocol, field.key);
    values[field.key] = value === undefined ? '' : String(value);
  }
  protocol.preDoseChecklist.forEach((item, index) => (values[preDoseLabelKey(index)] = item.label));
  protocol.discharge.practicalItems.forEach((item, index) => (values[dischargeLabelKey(index)] = item.label));
  return {
    values,
    schedule: protocol.checkScheduleMinutes.join(', '),
    limits: protocol.alarmLimits.map((limit) => ({
      id: limit.id,
      isNew: false,
      parameter: limit.parameter,
      comparator: limit.comparator,
      value: String(limit.value),
      priority: limit.priority,
      confirmWithinMinutes: limit.confirmWithinMinutes === undefined ? '' : String(limit.confirmWithinMinutes),
    })),
  };
}

/** A number as typed; text that is not a number is sent as null so the server names the field. */
function numberOrNull(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

const optionalNumber = (text: string) => (text.trim() === '' ? undefined : numberOrNull(text));

/** "0, 15, 30" -> [0, 15, 30]; "" -> []; a word becomes null (the server says which check). */
export function parseSchedule(text: string): (number | null)[] {
  const parts = text.split(/[,;\s]+/).filter((part) => part !== '');
  return parts.map(numberOrNull);
}

/**
 * The PUT body: the protocol as read, with every edited value in place and the `version` it
 * was read at (the server refuses it if someone revised the protocol since).
 */
export function fromDraft(original: Protocol, draft: ProtocolDraft): Record<string, unknown> {
  const edited = structuredClone(original) as unknown as Record<string, unknown>;
  for (const field of allFields()) {
    const text = draft.values[field.key] ?? '';
    const value = field.kind === 'number' ? numberOrNull(text) : field.kind === 'optionalNumber' ? optionalNumber(text) : text;
    writePath(edited, field.key, value);
  }
  original.preDoseChecklist.forEach((_, index) => writePath(edited, preDoseLabelKey(index), draft.values[preDoseLabelKey(index)] ?? ''));
  original.discharge.practicalItems.forEach((_, index) =>
    writePath(edited, dischargeLabelKey(index), draft.values[dischargeLabelKey(index)] ?? ''),
  );
  edited.checkScheduleMinutes = parseSchedule(draft.schedule);
  edited.alarmLimits = draft.limits.map((limit) => {
    const confirm = optionalNumber(limit.confirmWithinMinutes);
    return {
      id: limit.id,
      parameter: limit.parameter,
      comparator: limit.comparator,
      value: numberOrNull(limit.value),
      priority: limit.priority,
      ...(confirm === undefined ? {} : { confirmWithinMinutes: confirm }),
    };
  });
  edited.version = original.version;
  return edited;
}

/** A new limit with an id no other limit of the draft uses ("limit-1", "limit-2" ...). */
export function newLimit(limits: LimitDraft[]): LimitDraft {
  const used = new Set(limits.map((limit) => limit.id));
  let n = 1;
  while (used.has(`limit-${n}`)) n += 1;
  return {
    id: `limit-${n}`,
    isNew: true,
    parameter: 'spo2Percent',
    comparator: '<=',
    value: '',
    priority: 'medium',
    confirmWithinMinutes: '',
  };
}

export interface PlacedIssues {
  /** Messages by field key. */
  byField: Record<string, string[]>;
  /** Issues no field of the form shows (shown above the form with their path). */
  unplaced: Issue[];
}

/**
 * Puts each server issue beside its field: the longest prefix of its path that is a field of
 * the form ('alarmLimits.2.value' is an input; 'alarmLimits.2.id' falls back to the limit's
 * row 'alarmLimits.2'; 'checkScheduleMinutes.3' to the schedule, naming the check).
 */
export function placeIssues(issues: Issue[], fieldKeys: ReadonlySet<string>): PlacedIssues {
  const byField: Record<string, string[]> = {};
  const unplaced: Issue[] = [];
  for (const issue of issues) {
    const parts = issue.path.map(String);
    let placed = false;
    for (let length = parts.length; length > 0 && !placed; length -= 1) {
      const key = parts.slice(0, length).join('.');
      if (!fieldKeys.has(key)) continue;
      const index = issue.path[length];
      const message = key === SCHEDULE_KEY && typeof index === 'number' ? `Check ${index + 1}: ${issue.message}` : issue.message;
      (byField[key] ??= []).push(message);
      placed = true;
    }
    if (!placed) unplaced.push(issue);
  }
  return { byField, unplaced };
}

/** Every key the form shows a message for, for `placeIssues`. */
export function draftFieldKeys(draft: ProtocolDraft): Set<string> {
  const keys = new Set<string>(Object.keys(draft.values));
  keys.add(SCHEDULE_KEY);
  draft.limits.forEach((_, index) => {
    keys.add(limitKey(index));
    for (const field of ['parameter', 'comparator', 'value', 'priority', 'confirmWithinMinutes'] as const) keys.add(limitKey(index, field));
  });
  return keys;
}

/** The DOM id of a field's input (letters, digits, dashes), for labels and "go to field" links. */
export const inputId = (key: string) => `protocol-field-${key.replace(/[^A-Za-z0-9]+/g, '-')}`;
