import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProtocolDetail } from '../../../client/src/protocols/ProtocolDetail';
import { ketamineImProtocol, spravato84Protocol } from '../../../shared/protocols/defaults';

describe('a protocol shows its dosing and discharge settings', () => {
  it('Spravato: devices, no further dose, the REMS floor, the Aldrete score', () => {
    render(<ProtocolDetail protocol={spravato84Protocol()} />);
    const text = screen.getByTestId('protocol-detail').textContent ?? '';
    expect(text).toContain('no further dose; devices of 28 mg, 5 min apart, count as one dose');
    expect(text).toContain('Spravato REMS: 120 min from the first device; no override');
    expect(text).toContain('One within the last 15 min');
    expect(text).toContain(
      'At least 9: activity (scored by Nurse, Prescriber), breathing (scored by Nurse, Prescriber), circulation (from the record)',
    );
  });

  it('ketamine IM: a further IM dose restarts its checks and minimum; no floor', () => {
    render(<ProtocolDetail protocol={ketamineImProtocol()} />);
    const text = screen.getAllByTestId('protocol-detail').at(-1)!.textContent ?? '';
    expect(text).toContain('restarts checks');
    expect(text).toContain('90-min minimum');
    expect(text).toContain('None: a prescriber may override with a reason');
  });
});
