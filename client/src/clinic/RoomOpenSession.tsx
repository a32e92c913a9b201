import { useEffect, useState, type FormEvent } from 'react';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import { sessionOpenRequestSchema } from '../../../shared/realtime/requests';
import { parseInput } from '../../../shared/validation';
import { useStore } from '../app/useStore';
import { authStore } from '../auth/authStore';
import { outboxStore } from '../outbox/outbox';
import type { OutboxEntry } from '../outbox/storage';
import { usePortal } from '../realtime/PortalProvider';
import { describeEntry } from '../session/lifecycle/describeEntry';
import { forgetOpening, openSessionInRoom } from './openSession';
import { PendingEntries } from '../session/lifecycle/PendingEntries';
import { loadProtocolList, protocolListStore } from './protocolList';
import { may } from '../../../shared/policy';
import type { Patient } from '../../../shared/patients/patient';
import { patientApi } from '../patients/patientApi';
import { FormActions } from '../components/FormActions';
import { LabelledInput } from '../components/LabelledInput';

type Field = 'patient' | 'patientAlias' | 'patientBirthYear' | 'protocolId';

/** The patient chooser's value for a patient not yet registered. */
const NEW_PATIENT = '__new__';

/**
 * On an empty room's card: open a session for a patient (alias and protocol), inline. Also
 * shows this person's open request for the room while it is queued or after a refusal.
 */
export function RoomOpenSession({ room }: { room: RoomSummary }) {
  const portal = usePortal();
  const auth = useStore(authStore, (s) => s);
  const entries = useStore(outboxStore, (s) => s.entries);
  const user = auth.status === 'signed_in' ? auth.user : null;
  const mine = entries.filter(
    (entry) => entry.event === 'session.open' && entry.userId === user?.userId && entry.request.roomId === room.roomId,
  );
  const [open, setOpen] = useState(false);
  const [initial, setInitial] = useState<{ patientAlias: string; protocolId: string } | null>(null);

  function discard(commandId: string) {
    forgetOpening(room.roomId);
    void portal.discard(commandId);
  }
  function reenter(entry: OutboxEntry) {
    setInitial({ patientAlias: String(entry.request.patientAlias ?? ''), protocolId: String(entry.request.protocolId ?? '') });
    setOpen(true);
    discard(entry.commandId);
  }

  const canOpen = user !== null && may(user.role, 'session.open') && room.session === null;
  return (
    <>
      <PendingEntries
        entries={mine}
        describe={(entry) => describeEntry(entry)}
        onDiscard={discard}
        onReenter={room.session === null ? reenter : undefined}
      />
      {canOpen &&
        mine.length === 0 &&
        (open ? (
          <OpenSessionForm room={room} initial={initial} onCancel={() => setOpen(false)} />
        ) : (
          <button type="button" className="button-quiet" onClick={() => setOpen(true)} aria-label={`Open a session in ${room.roomName}`}>
            Open a session…
          </button>
        ))}
    </>
  );
}

function OpenSessionForm({
  room,
  initial,
  onCancel,
}: {
  room: RoomSummary;
  initial: { patientAlias: string; protocolId: string } | null;
  onCancel: () => void;
}) {
  const portal = usePortal();
  const { protocols, error: loadError } = useStore(protocolListStore, (s) => s);
  const [patientAlias, setPatientAlias] = useState(initial?.patientAlias ?? '');
  const [birthYear, setBirthYear] = useState('');
  const [protocolId, setProtocolId] = useState(initial?.protocolId ?? '');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [patients, setPatients] = useState<Patient[] | null>(null);
  const [patientsError, setPatientsError] = useState<string | null>(null);
  // A re-entered request starts as a new patient with its alias; otherwise the person chooses.
  const [choice, setChoice] = useState(initial ? NEW_PATIENT : '');
  useEffect(() => {
    void loadProtocolList();
    let live = true;
    void patientApi.list().then((answer) => {
      if (!live) return;
      if (answer.ok) setPatients(answer.patients);
      else setPatientsError(`${answer.error.message}: you can still register a new patient`);
    });
    return () => {
      live = false;
    };
  }, []);
  const chosen = patients?.find((patient) => patient.patientId === choice) ?? null;
  const idFor = (field: Field) => `open-${room.roomId}-${field}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: Partial<Record<Field, string>> = {};
    const isNew = choice === NEW_PATIENT;
    const patientId = chosen ? chosen.patientId : crypto.randomUUID();
    const request = {
      roomId: room.roomId,
      patientAlias: chosen ? chosen.alias : patientAlias.trim(),
      patientId,
      ...(isNew && birthYear.trim() !== '' ? { patientBirthYear: Number(birthYear) } : {}),
      protocolId,
    };
    const parsed = parseInput(sessionOpenRequestSchema, { ...request, commandId: 'check', protocolId: protocolId || 'none' });
    if (!parsed.ok && isNew)
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === 'patientAlias' || field === 'patientBirthYear') next[field] = issue.message;
      }
    if (choice === '') next.patient = 'Choose the patient, or register a new one';
    if (protocolId === '') next.protocolId = 'Choose the protocol';
    setErrors(next);
    const firstInvalid = (['patient', 'patientAlias', 'patientBirthYear', 'protocolId'] as const).find((field) => next[field]);
    if (firstInvalid) {
      // Keyboard-first: the cursor goes to what needs fixing.
      document.getElementById(idFor(firstInvalid))?.focus();
      return;
    }
    void openSessionInRoom(portal, request);
  }

  return (
    <form className="open-session-form" onSubmit={submit} noValidate onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      <div className="entry-field">
        <label htmlFor={idFor('patient')}>Patient</label>
        <select
          id={idFor('patient')}
          autoFocus
          value={choice}
          aria-invalid={errors.patient ? true : undefined}
          onChange={(event) => setChoice(event.target.value)}
        >
          <option value="">{patients === null && !patientsError ? 'Loading patients…' : 'Choose…'}</option>
          <option value={NEW_PATIENT}>New patient…</option>
          {patients?.map((patient) => (
            <option key={patient.patientId} value={patient.patientId}>
              {patient.alias}
              {patient.birthYear !== null ? ` (born ${patient.birthYear})` : ''}
            </option>
          ))}
        </select>
        {errors.patient && <span className="field-error">⚠ {errors.patient}</span>}
        {patientsError && <span className="muted">{patientsError}</span>}
      </div>
      {choice === NEW_PATIENT && (
        <>
          <div className="entry-field">
            <LabelledInput
              id={idFor('patientAlias')}
              label="Patient alias"
              hint="(initials, a pseudonym or chart number)"
              autoComplete="off"
              maxLength={60}
              value={patientAlias}
              error={errors.patientAlias}
              onChange={(event) => setPatientAlias(event.target.value)}
            />
          </div>
          <div className="entry-field">
            <LabelledInput
              id={idFor('patientBirthYear')}
              label="Year of birth"
              hint="(optional)"
              autoComplete="off"
              inputMode="numeric"
              value={birthYear}
              error={errors.patientBirthYear}
              onChange={(event) => setBirthYear(event.target.value)}
            />
          </div>
        </>
      )}
      <div className="entry-field">
        <label htmlFor={idFor('protocolId')}>Protocol</label>
        <select
          id={idFor('protocolId')}
          value={protocolId}
          aria-invalid={errors.protocolId ? true : undefined}
          onChange={(event) => setProtocolId(event.target.value)}
          // Enter submits the form from here as from any field (the arrow keys still choose).
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            event.currentTarget.form?.requestSubmit();
          }}
        >
          <option value="">{protocols === null ? 'Loading protocols…' : 'Choose…'}</option>
          {protocols?.map((protocol) => (
            <option key={protocol.id} value={protocol.id}>
              {protocol.name}
            </option>
          ))}
        </select>
        {errors.protocolId && <span className="field-error">⚠ {errors.protocolId}</span>}
        {loadError && <span className="field-error">⚠ {loadError}</span>}
      </div>
      <FormActions onCancel={onCancel}>Open session</FormActions>
    </form>
  );
}
