/** A row of labelled facts ("Patient T.P.", "Total monitoring 125 min"), as the report and the REMS form print them. */
export function Facts({ items, className }: { items: [label: string, value: string][]; className?: string }) {
  return (
    <dl className={className ? `facts ${className}` : 'facts'}>
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
