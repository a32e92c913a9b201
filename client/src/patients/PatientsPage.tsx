import { useEffect, useState, type FormEvent } from 'react';
import type { CurrentUser } from '../../../shared/http/api';
import { patientCreateRequestSchema } from '../../../shared/http/patientApi';
import type { Patient } from '../../../shared/patients/patient';
import { may } from '../../../shared/policy';
import { parseInput } from '../../../shared/validation';
import { navigate, paths } from '../app/router';
import { Link } from '../components/Link';
import { patientApi } from './patientApi';
import '../record/record.css';
import { ErrorAlert } from '../components/ErrorAlert';

/** The clinic's patients by alias, searchable; a clinician registers a new one here (or when opening a session). */
export function PatientsPage({ user }: { user: CurrentUser }) {
  const [search, setSearch] = useState('');
  const [patients, setPatients] = useState<Patient[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void patientApi.list(search.trim()).then((answer) => {
      if (!live) return;
      if (answer.ok) {
        setPatients(answer.patients);
        setError(null);
      } else setError(answer.error.message);
    });
    return () => {
      live = false;
    };
  }, [search]);

  return (
    <main className="page record-page">
      <h1>Patients</h1>
      <label className="entry-field">
        Find a patient
        <input type="search" value={search} placeholder="Alias or chart number" onChange={(event) => setSearch(event.target.value)} />
      </label>
      <ErrorAlert message={error} />
      {patients === null ? (
        <p className="muted">Loading patients…</p>
      ) : patients.length === 0 ? (
        <p>No patient matches.</p>
      ) : (
        <ul className="patient-list">
          {patients.map((patient) => (
            <li key={patient.patientId}>
              <Link to={paths.patient(patient.patientId)}>{patient.alias}</Link>
              {patient.birthYear !== null && <span className="muted"> · born {patient.birthYear}</span>}
            </li>
          ))}
        </ul>
      )}
      {may(user.role, 'patient.manage') && <RegisterPatient />}
    </main>
  );
}

/** Alias (or chart number) and an optional year of birth; no full name is asked for. */
export function RegisterPatient() {
  const [alias, setAlias] = useState('');
  const [birthYear, setBirthYear] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const request = { alias, birthYear: birthYear.trim() === '' ? null : Number(birthYear) };
    const parsed = parseInput(patientCreateRequestSchema, request);
    if (!parsed.ok) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message])));
      return;
    }
    setBusy(true);
    const answer = await patientApi.create({ ...parsed.value, patientId: crypto.randomUUID() });
    setBusy(false);
    if (!answer.ok) {
      setErrors({ form: answer.error.message });
      return;
    }
    navigate(paths.patient(answer.patient.patientId));
  }

  return (
    <form className="open-session-form" onSubmit={(event) => void submit(event)} noValidate aria-label="Register a patient">
      <h2>Register a patient</h2>
      <div className="entry-field">
        <label htmlFor="patient-alias">
          Alias or chart number <span className="muted">(no full name)</span>
        </label>
        <input id="patient-alias" autoComplete="off" value={alias} onChange={(event) => setAlias(event.target.value)} />
        {errors.alias && <span className="field-error">⚠ {errors.alias}</span>}
      </div>
      <div className="entry-field">
        <label htmlFor="patient-birth-year">
          Year of birth <span className="muted">(optional)</span>
        </label>
        <input
          id="patient-birth-year"
          inputMode="numeric"
          autoComplete="off"
          value={birthYear}
          onChange={(event) => setBirthYear(event.target.value)}
        />
        {errors.birthYear && <span className="field-error">⚠ {errors.birthYear}</span>}
      </div>
      <ErrorAlert message={errors.form} warningSign />
      <button type="submit" className="button-primary" disabled={busy}>
        Register patient
      </button>
    </form>
  );
}
