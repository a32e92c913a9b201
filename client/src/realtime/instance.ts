import { createPortal } from './portal';

/** The one portal this browser tab uses. */
export const portal = createPortal();
