import { ScrollRegion } from '../components/ScrollRegion';
import type { ReactNode } from 'react';
import { lifecycleRulesFrom } from '../../../shared/lifecycle/phases';
import type { Protocol } from '../../../shared/protocols/schema';
import { ROLE_LABELS } from '../../../shared/roles';
import {
  COMPARATOR_TEXT,
  confirmationText,
  DISSOCIATION_SCALE_TEXT,
  doseText,
  isBuiltIn,
  PARAMETER_TEXT,
  priorityText,
  ROUTE_TEXT,
  scheduleText,
  valueWithUnit,
} from './protocolText';
import { ColumnHeads } from '../components/ColumnHeads';
import { Facts } from '../record/Facts';

const roles = (allowed: readonly (keyof typeof ROLE_LABELS)[]) => allowed.map((role) => ROLE_LABELS[role]).join(', ');

/** Every setting of one protocol version, readable (nothing here changes it). */
/** A further dose or a device, in words, from the settings the session would run on. */
function furtherDoseText(protocol: Protocol): string {
  const { dosing } = lifecycleRulesFrom(protocol);
  const doses = dosing.furtherDoses.map(
    (d) =>
      `${ROUTE_TEXT[d.route]}: restarts checks ${scheduleText(d.checkScheduleMinutes)} and a ${d.minimumObservationMinutes}-min minimum`,
  );
  const devices =
    dosing.devices === undefined
      ? []
      : [`devices of ${dosing.devices.mgPerDevice} mg, ${dosing.devices.minutesBetweenDevices} min apart, count as one dose`];
  return [...(doses.length === 0 ? ['no further dose'] : doses), ...devices].join('; ');
}

export function ProtocolDetail({ protocol }: { protocol: Protocol }) {
  const rules = lifecycleRulesFrom(protocol);
  return (
    <div className="protocol-detail" data-testid="protocol-detail">
      <section aria-labelledby="protocol-basics">
        <h3 id="protocol-basics">Medicine and checks</h3>
        <Facts
          className="protocol-facts"
          items={[
            ['Drug', protocol.drug],
            ['Route', ROUTE_TEXT[protocol.route]],
            ['Dose', doseText(protocol)],
            ['Version', `${protocol.version} (${isBuiltIn(protocol) ? 'built-in' : 'clinic copy'}, id ${protocol.id})`],
            ['Check schedule', scheduleText(protocol.checkScheduleMinutes)],
            ['Grace period', `${protocol.checkGraceMinutes} min either side of a check`],
            [
              'Overdue check',
              `${priorityText('low')} when overdue; ${priorityText('medium')} after ${protocol.overdueEscalateAfterMinutes} more min`,
            ],
            ['Minimum observation', `${protocol.minimumObservationMinutes} min after the dose`],
            ['Further doses', furtherDoseText(protocol)],
          ]}
        />
      </section>

      <section aria-labelledby="protocol-limits">
        <h3 id="protocol-limits">Alarm limits ({protocol.alarmLimits.length})</h3>
        <ScrollRegion label="Alarm limits (table)">
          <table className="protocol-limits" aria-labelledby="protocol-limits">
            <ColumnHeads columns={['Parameter', 'Alarm when', 'Priority', 'Confirmation']} />
            <tbody>
              {protocol.alarmLimits.map((limit) => (
                <tr key={limit.id} data-testid="protocol-limit">
                  <th scope="row">{PARAMETER_TEXT[limit.parameter].label}</th>
                  <td>
                    {COMPARATOR_TEXT[limit.comparator]} {valueWithUnit(limit.parameter, limit.value)}
                  </td>
                  <td className={`protocol-priority protocol-priority-${limit.priority}`}>{priorityText(limit.priority)}</td>
                  <td>{confirmationText(limit)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <section aria-labelledby="protocol-rules">
        <h3 id="protocol-rules">Other alarm rules</h3>
        <Facts
          className="protocol-facts"
          items={[
            [
              'Rise from pre-dose baseline',
              `Systolic +${protocol.baselineRise.systolicMmHg} mmHg or diastolic +${protocol.baselineRise.diastolicMmHg} mmHg: ${priorityText(protocol.baselineRise.priority)}`,
            ],
            [
              'NEWS2',
              `${priorityText('medium')} from ${protocol.news2.mediumAt}; ${priorityText('high')} from ${protocol.news2.highAt}; any single parameter scoring 3: ${priorityText(protocol.news2.singleParameterThreeIs)}`,
            ],
            [
              'Pre-dose advisory',
              `Baseline above ${protocol.preDoseAdvisory.systolicMmHg} systolic or ${protocol.preDoseAdvisory.diastolicMmHg} diastolic mmHg: the prescriber acknowledges before the dose`,
            ],
            [
              'Device silence',
              `After ${protocol.deviceSilenceMinutes} min without a reading: ${priorityText(protocol.deviceSilencePriority)} (equipment)`,
            ],
            ['Re-alarm', `${protocol.reAlarmAfterAcknowledgeMinutes} min after an acknowledgement if the condition is still present`],
            ['Escalation', `An unacknowledged high alarm goes to the prescriber after ${protocol.escalateUnacknowledgedHighSeconds} s`],
            ['Audio pause', `${protocol.audioPauseMinutes} min, then the sound comes back`],
          ]}
        />
      </section>

      <section aria-labelledby="protocol-predose">
        <h3 id="protocol-predose">Pre-dose checklist ({protocol.preDoseChecklist.length})</h3>
        <ul className="protocol-items">
          {protocol.preDoseChecklist.map((item) => (
            <li key={item.id}>
              {item.label} <span className="muted">— ticked by {roles(item.rolesAllowed)}</span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="protocol-discharge">
        <h3 id="protocol-discharge">Discharge</h3>
        <Facts
          className="protocol-facts"
          items={[
            ['Vitals', `Within ${protocol.discharge.vitalsWithinPercentOfBaseline}% of the pre-dose baseline`],
            ['Sedation', `MOAA/S back to ${protocol.discharge.requiredMoaasScore}`],
            ['Dissociation scale', DISSOCIATION_SCALE_TEXT[protocol.dissociationScale]],
            ['Blood pressure', `One within the last ${rules.recentReadingMinutes} min`],
            [
              'Regulatory floor',
              rules.regulatoryFloor === null
                ? 'None: a prescriber may override with a reason'
                : `${rules.regulatoryFloor.source}: ${rules.regulatoryFloor.minutes} min from the first device; no override`,
            ],
            ...rules.scores.map((score): [string, ReactNode] => [
              `${score.name} score`,
              `At least ${score.passAtTotal}: ${score.items.map((item) => `${item.label.toLowerCase()} (${item.source.kind === 'person' ? `scored by ${roles(item.source.rolesAllowed)}` : 'from the record'})`).join(', ')}`,
            ]),
          ]}
        />
        <ul className="protocol-items">
          {protocol.discharge.practicalItems.map((item) => (
            <li key={item.id}>
              {item.label}{' '}
              <span className="muted">
                — ticked by {roles(item.rolesAllowed)}
                {item.needsDate ? ', with a date' : ''}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
