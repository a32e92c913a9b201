/** A table's header row: one column header per name, in order (a `false` column is left out). */
export function ColumnHeads({ columns }: { columns: readonly (string | false)[] }) {
  return (
    <thead>
      <tr>
        {columns
          .filter((column) => column !== false)
          .map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
      </tr>
    </thead>
  );
}
