import { DEFAULT_ENCODING, encodeEscapes } from './encoding';
import { formatHl7Time } from './timestamp';

/** One OBX row to write: an MDC code with its reference id, a value as text, a unit. */
export interface OruObservation {
  code: number | string;
  refId: string;
  /** The value as the monitor writes it (a sentinel like "-999" included). */
  value: string;
  unitCode: string;
  unitText: string;
  /** OBX-14; omitted when the row takes OBR-7's time. */
  observedAt?: number;
}

export interface OruMessage {
  sendingApplication: string;
  sendingFacility: string;
  controlId: string;
  sentAt: number;
  /** Minutes east of UTC the times are written in; null writes times without an offset. */
  offsetMinutes: number | null;
  /** OBX-18 on every row (EUI-64, 16 hex digits). */
  equipmentId: string;
  /** PV1-3 point of care (the room), informational. */
  location: string;
  patientAlias: string;
  /** OBR-7, the time of the measurement group. */
  observedAt: number;
  observations: OruObservation[];
  /** Segment terminator: CR by the standard; some senders use LF or CRLF. */
  terminator?: '\r' | '\n' | '\r\n';
}

/**
 * Writes an ORU^R01 in the IHE PCD-01 shape (MSH, PID, PV1, OBR, then an MDS row and OBX rows
 * with MDC codes). Used by the simulator and by tests.
 */
export function buildOruR01(m: OruMessage): string {
  const e = (text: string) => encodeEscapes(text, DEFAULT_ENCODING);
  const time = (ms: number) => formatHl7Time(ms, m.offsetMinutes ?? 0, m.offsetMinutes !== null);
  const device = `${e(m.equipmentId)}^EUI-64^EUI-64`;
  const segments = [
    `MSH|^~\\&|${e(m.sendingApplication)}|${e(m.sendingFacility)}|VIGIL|VIGIL|${time(m.sentAt)}||ORU^R01^ORU_R01|${e(m.controlId)}|P|2.6|||NE|AL||UNICODE UTF-8|||IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO`,
    `PID|||${e(m.patientAlias)}^^^VIGIL^PI||${e(m.patientAlias)}^^^^^^L`,
    `PV1||I|${e(m.location)}`,
    `OBR|1|${e(m.controlId)}^${e(m.sendingApplication)}|${e(m.controlId)}^${e(m.sendingApplication)}|182777000^monitoring of patient^SNOMED-CT|||${time(m.observedAt)}`,
    `OBX|1||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|1.0.0.0|||||||X|||||||${device}`,
    ...m.observations.map(
      (o, index) =>
        `OBX|${index + 2}|NM|${o.code}^${o.refId}^MDC|1.0.0.${index + 1}|${e(o.value)}|${o.unitCode}^${o.unitText}^MDC|||||R|||${o.observedAt === undefined ? '' : time(o.observedAt)}||||${device}`,
    ),
  ];
  const terminator = m.terminator ?? '\r';
  return segments.join(terminator) + terminator;
}
