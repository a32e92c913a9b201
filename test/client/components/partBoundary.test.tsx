import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Suspense } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyPart } from '../../../client/src/components/lazyPart';
import { PartBoundary } from '../../../client/src/components/PartBoundary';
import type { PartProbe } from '../../../client/src/components/partProbe';

afterEach(() => vi.restoreAllMocks());

/** React and the boundary both log a caught error: kept off the test's output, and read back. */
const quietConsole = () => vi.spyOn(console, 'error').mockImplementation(() => undefined);

describe('PartBoundary: a part that fails says so in its place, and Try again brings it back', () => {
  it('a part that throws while drawing shows the message in words, logs the error, and Try again draws it again', async () => {
    const logged = quietConsole();
    let broken = true;
    function Steps() {
      if (broken) throw new Error('steps drew nothing');
      return <p>Dose recorded</p>;
    }
    render(
      <>
        <PartBoundary part="The session's steps" stillWorks="Vitals entry still works.">
          <Steps />
        </PartBoundary>
        <p>Entry panel</p>
      </>,
    );

    const failure = await screen.findByRole('alert');
    expect(failure.textContent).toContain("The session's steps stopped working");
    expect(failure.textContent).toContain('Vitals entry still works.');
    expect(screen.getByText('Entry panel')).toBeTruthy();
    expect(logged.mock.calls.some(([message]) => String(message).includes("The session's steps could not be shown"))).toBe(true);

    // Still broken: it says so again, and how many times it was tried.
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect((await screen.findByRole('alert')).textContent).toContain("The session's steps stopped working again (tried once)");

    broken = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Dose recorded')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a part whose code did not load is fetched afresh by Try again (not the rejected promise), and Reload Vigil is offered when the server has a newer build', async () => {
    quietConsole();
    const load = vi
      .fn<() => Promise<() => React.JSX.Element>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module: http://vigil.test/assets/Steps-old.js'))
      .mockResolvedValue(() => <p>Dose recorded</p>);
    const Steps = lazyPart(load);
    const probe = vi.fn(async (): Promise<PartProbe> => 'gone');
    render(
      <PartBoundary part="The session's steps" stillWorks="Vitals entry still works." probe={probe}>
        <Suspense fallback={<p>Loading the steps…</p>}>
          <Steps />
        </Suspense>
      </PartBoundary>,
    );

    expect((await screen.findByRole('alert')).textContent).toContain("The session's steps did not load");
    expect(await screen.findByRole('button', { name: 'Reload Vigil' })).toBeTruthy();
    expect(probe).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledTimes(1);

    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Dose recorded')).toBeTruthy();
    expect(load).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a failure after the part came back is a new one: not "again", whether it had failed drawing or loading', async () => {
    quietConsole();
    function Steps({ broken }: { broken: boolean }) {
      if (broken) throw new Error('steps drew nothing');
      return <p>Dose recorded</p>;
    }
    const boundary = (broken: boolean) => (
      <PartBoundary part="The session's steps" stillWorks="Vitals entry still works.">
        <Steps broken={broken} />
      </PartBoundary>
    );
    const drawn = render(boundary(true));
    await screen.findByRole('alert');
    drawn.rerender(boundary(false));
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Dose recorded')).toBeTruthy();
    drawn.rerender(boundary(true));
    await screen.findByRole('alert');
    expect(screen.getByRole('heading').textContent).toBe("⚠ The session's steps stopped working");
    drawn.unmount();

    const load = vi
      .fn<() => Promise<(props: { broken: boolean }) => React.JSX.Element>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module: http://vigil.test/assets/Steps.js'))
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module: http://vigil.test/assets/Steps.js'))
      .mockResolvedValue(Steps);
    const LazySteps = lazyPart(load);
    const lazyBoundary = (broken: boolean) => (
      <PartBoundary part="The session's steps" stillWorks="Vitals entry still works." probe={async () => 'unreachable'}>
        <Suspense fallback={<p>Loading the steps…</p>}>
          <LazySteps broken={broken} />
        </Suspense>
      </PartBoundary>
    );
    const loaded = render(lazyBoundary(false));
    expect((await screen.findByRole('alert')).textContent).toContain("The session's steps did not load");
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect((await screen.findByRole('alert')).textContent).toContain('did not load again (tried once)');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Dose recorded')).toBeTruthy();
    loaded.rerender(lazyBoundary(true));
    await screen.findByRole('alert');
    expect(screen.getByRole('heading').textContent).toBe("⚠ The session's steps stopped working");
  });
});
