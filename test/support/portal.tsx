import { render, type RenderOptions } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { vi } from 'vitest';
import type { Portal } from '../../client/src/realtime/portal';
import { PortalProvider } from '../../client/src/realtime/PortalProvider';
import { outboxStore } from '../../client/src/outbox/outbox';
import type { OutboxEntry } from '../../client/src/outbox/storage';

/** A portal that records what a screen hands the socket module (no socket, no module mock). */
export function recordingPortal() {
  return {
    start: vi.fn<Portal['start']>(),
    stop: vi.fn<Portal['stop']>(),
    watchSession: vi.fn<Portal['watchSession']>(() => () => undefined),
    watchClinic: vi.fn<Portal['watchClinic']>(() => () => undefined),
    submit: vi.fn(async (..._args: unknown[]) => ({}) as OutboxEntry),
    // Like the real outbox, a discarded entry leaves the outbox store at once.
    readingsInInterval: vi.fn<Portal['readingsInInterval']>(async () => []),
    discard: vi.fn<Portal['discard']>(async (commandId) => {
      outboxStore.setState((current) => ({ entries: current.entries.filter((entry) => entry.commandId !== commandId) }));
    }),
  };
}
export type RecordingPortal = ReturnType<typeof recordingPortal>;

/** Renders a component inside a PortalProvider holding a recording portal (rerenders keep it). */
export function renderWithPortal(
  ui: ReactElement,
  portal: RecordingPortal = recordingPortal(),
  options: Omit<RenderOptions, 'wrapper'> = {},
) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <PortalProvider portal={portal as unknown as Portal}>{children}</PortalProvider>
  );
  return { portal, ...render(ui, { ...options, wrapper }) };
}
