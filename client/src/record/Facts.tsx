import type { ReactNode } from 'react';

/**
 * A row of labelled facts ("Patient T.P.", "Total monitoring 125 min"), as the report and the REMS
 * form print them (class `facts`), and as a protocol lists its settings (its own class).
 */
export function Facts({ items, className = 'facts' }: { items: [label: string, value: ReactNode][]; className?: string }) {
  return (
    <dl className={className}>
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
