import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { routeStore } from '../../../client/src/app/router';
import { copyProtocol } from '../../../shared/protocols/versioning';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import { fail } from '../../../shared/result';
import { admin, catalog, clinicCopy, fakeApi, nurse, prescriber, renderAt } from './fixtures';

const row = (name: string) => screen.getAllByTestId('protocol-row').find((tr) => tr.querySelector('th')?.textContent?.startsWith(name))!;

describe('the protocols page', () => {
  it("lists every protocol with drug, route, dose, version and whether it is built-in or the clinic's copy", async () => {
    renderAt(
      '/protocols',
      admin,
      fakeApi(() => catalog(clinicCopy(3))),
    );
    await waitFor(() => expect(screen.getAllByTestId('protocol-row')).toHaveLength(6));
    expect(screen.getByText('All protocols (6)')).toBeTruthy();
    const cells = (name: string) => [...row(name).querySelectorAll('th, td')].map((cell) => cell.textContent);
    expect(cells('Spravato 56 mg intranasal')).toEqual(['Spravato 56 mg intranasal', 'esketamine', 'Intranasal', '56 mg', '1', 'Built-in']);
    expect(cells('Ketamine IV infusion')).toEqual([
      'Ketamine IV infusion 0.5 mg/kg over 40 min',
      'ketamine',
      'Intravenous infusion (IV)',
      '0.5 mg/kg over 40 min',
      '1',
      'Built-in',
    ]);
    expect(cells('Our Spravato 56')).toEqual(['Our Spravato 56', 'esketamine', 'Intranasal', '56 mg', '3', 'Clinic copy']);
    // Nothing is open yet.
    expect(screen.queryByTestId('protocol-detail')).toBeNull();
  });

  it('opens one protocol from its link and shows every setting in words, priorities with their markers', async () => {
    renderAt(
      '/protocols',
      nurse,
      fakeApi(() => catalog()),
    );
    fireEvent.click(await screen.findByRole('link', { name: 'Spravato 56 mg intranasal' }));
    expect(routeStore.getState().path).toBe('/protocols/spravato-56');
    const detail = await screen.findByTestId('protocol-detail');
    const text = detail.textContent ?? '';
    // Every setting, in words.
    for (const setting of [
      'Check schedule0, 15, 30, 40, 60, 90, 120 min after the dose',
      'Grace period5 min either side of a check',
      'Minimum observation120 min after the dose',
      'Overdue check* Low when overdue; ** Medium after 10 more min',
      'Systolic +40 mmHg or diastolic +25 mmHg: ** Medium',
      '** Medium from 5; *** High from 7; any single parameter scoring 3: ** Medium',
      'Baseline above 140 systolic or 90 diastolic mmHg',
      'After 10 min without a reading: ** Medium (equipment)',
      '3 min after an acknowledgement',
      'after 60 s',
      'Audio pause2 min',
      'No nasal decongestant or nasal steroid in the last hour',
      'CADSS-6',
    ])
      expect(text).toContain(setting);
    const limits = within(detail)
      .getAllByTestId('protocol-limit')
      .map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect(limits).toHaveLength(9);
    expect(limits[0]).toEqual(['Systolic pressure', 'at or above 181 mmHg', '*** High', 'Sounds at once (no recheck)']);
    expect(limits[3]).toEqual(['SpO2', 'at or below 93 %', '** Medium', 'Sounds at once (no recheck)']);
    expect(limits[7]).toEqual(['MOAA/S sedation score', 'at or below 1', '*** High', 'Sounds at once (no recheck)']);
    // A nurse reads only.
    expect(screen.getByText('Read-only. Only a prescriber can edit protocols.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Copy/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
  });

  it('a built-in protocol is copied, not edited; a clinic copy has Edit', async () => {
    renderAt(
      '/protocols/spravato-56',
      prescriber,
      fakeApi(() => catalog(clinicCopy())),
    );
    await screen.findByTestId('protocol-detail');
    expect(screen.getByRole('button', { name: 'Copy…' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(screen.getByText('Built-in: copy it to change its settings.')).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: 'Our Spravato 56' }));
    expect(await screen.findByRole('button', { name: 'Edit' })).toBeTruthy();
  });

  it('copies inline: refusals beside the id and name; on success the copy opens in its edit form', async () => {
    let copies = [] as ReturnType<typeof clinicCopy>[];
    const copy = vi
      .fn()
      .mockResolvedValueOnce(
        fail('invalid_input', '2 fields need attention', [
          { path: ['newId'], message: 'An id may hold only letters, digits, "-" and "_"' },
          { path: ['newName'], message: 'Give the copy a name' },
        ]),
      )
      .mockResolvedValueOnce(
        fail('conflict', 'A protocol with the id "ketamine-iv" already exists — choose another id', [
          { path: ['newId'], message: 'This id is already used' },
        ]),
      )
      .mockImplementation(async () => {
        const made = copyProtocol(spravato56Protocol(), 'ours', 'Spravato 56 (ours)');
        copies = [made];
        return { ok: true, protocol: made };
      });
    const api = fakeApi(() => catalog(...copies), { copy });
    renderAt('/protocols/spravato-56', prescriber, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Copy…' }));
    const id = screen.getByLabelText('New id (letters, digits, “-” and “_”)');
    expect(document.activeElement).toBe(id);
    expect((screen.getByLabelText('New name') as HTMLInputElement).value).toBe('Spravato 56 mg intranasal (our clinic)');

    fireEvent.change(id, { target: { value: 'has spaces' } });
    fireEvent.change(screen.getByLabelText('New name'), { target: { value: ' ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Copy protocol' }));
    expect(await screen.findByText('⚠ An id may hold only letters, digits, "-" and "_"')).toBeTruthy();
    expect(screen.getByText('⚠ Give the copy a name')).toBeTruthy();
    expect(id.getAttribute('aria-invalid')).toBe('true');
    expect(copy).toHaveBeenLastCalledWith('spravato-56', { newId: 'has spaces', newName: ' ' });

    fireEvent.change(id, { target: { value: 'ketamine-iv' } });
    fireEvent.change(screen.getByLabelText('New name'), { target: { value: 'Spravato 56 (ours)' } });
    fireEvent.click(screen.getByRole('button', { name: 'Copy protocol' }));
    expect(await screen.findByText('⚠ This id is already used')).toBeTruthy();

    fireEvent.change(id, { target: { value: 'ours' } });
    fireEvent.click(screen.getByRole('button', { name: 'Copy protocol' }));
    expect(await screen.findByText('✓ Copied as version 1 — edit the copy below')).toBeTruthy();
    expect(routeStore.getState().path).toBe('/protocols/ours');
    expect(screen.getByRole('heading', { name: 'Editing “Spravato 56 (ours)” version 1' })).toBeTruthy();
    expect(row('Spravato 56 (ours)').textContent).toContain('Clinic copy');
  });

  it('Cancel and Escape leave the copy form without copying', async () => {
    const api = fakeApi(() => catalog());
    renderAt('/protocols/ketamine-im', prescriber, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Copy…' }));
    fireEvent.keyDown(screen.getByLabelText('New name'), { key: 'Escape' });
    expect(screen.queryByLabelText('New name')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Copy…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByLabelText('New name')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Copy…' })));
    expect(api.copy).not.toHaveBeenCalled();
  });

  it('says so when the list cannot be read, and when an unknown protocol is opened', async () => {
    renderAt(
      '/protocols',
      admin,
      fakeApi(() => [], { list: vi.fn(async () => fail('unreachable', 'Cannot reach the Vigil server — check the network connection')) }),
    );
    expect(await screen.findByText('⚠ Cannot reach the Vigil server — check the network connection')).toBeTruthy();
  });

  it('an unknown protocol id in the address says there is none', async () => {
    renderAt(
      '/protocols/nope',
      admin,
      fakeApi(() => catalog()),
    );
    expect(await screen.findByText('⚠ There is no protocol “nope”.')).toBeTruthy();
  });
});
