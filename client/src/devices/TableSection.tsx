import type { ReactNode } from 'react';
import { ColumnHeads } from '../components/ColumnHeads';
import { ScrollRegion } from '../components/ScrollRegion';

/** One list of the devices page: its title with the count, a sentence when it is empty, else its table (which scrolls on its own). */
export function TableSection({
  id,
  className,
  title,
  count,
  emptyText,
  tableLabel,
  columns,
  children,
}: {
  /** The title's id is `${id}-title`. */
  id: string;
  className: string;
  title: string;
  count: number;
  emptyText: string;
  tableLabel: string;
  columns: readonly (string | false)[];
  /** The table's rows. */
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-title`} className={className}>
      <h2 id={`${id}-title`}>
        {title} ({count})
      </h2>
      {count === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <ScrollRegion label={tableLabel}>
          <table>
            <ColumnHeads columns={columns} />
            <tbody>{children}</tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
