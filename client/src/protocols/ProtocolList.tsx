import { ScrollRegion } from '../components/ScrollRegion';
import type { Protocol } from '../../../shared/protocols/schema';
import { paths } from '../app/router';
import { Link } from '../components/Link';
import { doseText, isBuiltIn, ROUTE_TEXT } from './protocolText';
import { ColumnHeads } from '../components/ColumnHeads';

/** The catalog as a table: built-in defaults first, then the clinic's copies (the server's order). */
export function ProtocolList({ protocols, selectedId }: { protocols: Protocol[]; selectedId: string | null }) {
  return (
    <ScrollRegion label="Protocols (table)">
      <table className="protocol-list" aria-label="Protocols">
        <ColumnHeads columns={['Name', 'Drug', 'Route', 'Dose', 'Version', 'Kind']} />
        <tbody>
          {protocols.map((protocol) => {
            const selected = protocol.id === selectedId;
            return (
              <tr key={protocol.id} data-testid="protocol-row" className={selected ? 'protocol-row-selected' : undefined}>
                <th scope="row">
                  <Link to={paths.protocols(protocol.id)} aria-current={selected ? 'page' : undefined}>
                    {protocol.name}
                  </Link>
                  {selected && <span className="visually-hidden"> (open)</span>}
                </th>
                <td>{protocol.drug}</td>
                <td>{ROUTE_TEXT[protocol.route]}</td>
                <td>{doseText(protocol)}</td>
                <td>{protocol.version}</td>
                <td>
                  {isBuiltIn(protocol) ? (
                    <span className="badge">Built-in</span>
                  ) : (
                    <span className="badge protocol-badge-copy">Clinic copy</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
