import { createContext, useContext, type ReactNode } from 'react';
import type { Portal } from './portal';

const PortalContext = createContext<Portal | null>(null);

/**
 * Hands the one socket module to the screens: components take it from here rather than
 * importing a module-level instance, so a component test passes a recorder and needs no
 * module mock.
 */
export function PortalProvider({ portal, children }: { portal: Portal; children: ReactNode }) {
  return <PortalContext.Provider value={portal}>{children}</PortalContext.Provider>;
}

/** The portal of this screen (sending commands, watching sessions and the clinic). */
export function usePortal(): Portal {
  const portal = useContext(PortalContext);
  if (!portal) throw new Error('usePortal needs a <PortalProvider> above it');
  return portal;
}
