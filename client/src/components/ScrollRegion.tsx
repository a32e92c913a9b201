import type { ReactNode } from 'react';

/**
 * A wide table or a long list that scrolls on its own (a table may scroll sideways at 320 px:
 * WCAG 1.4.10 lets data tables do so, never the page). It takes focus, so it can be scrolled
 * with the arrow keys, and is named for screen readers.
 */
export function ScrollRegion({ label, className = '', children }: { label: string; className?: string; children: ReactNode }) {
  return (
    // A keyboard user scrolls the region with the arrow keys once it has focus (axe: scrollable-region-focusable).
    <div className={`scroll-region ${className}`.trim()} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
