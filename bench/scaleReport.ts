import type { LongSessionResult, ScaleResult } from './scale';

/** bench/scale-results.json: the last scale, two-process and long-session figures. */
export interface ScaleResults {
  /** When these results were last written. */
  measuredAt: string;
  /** When each part was measured: a write of some parts keeps the others' figures (absent before 2026-12-01: all at `measuredAt`). */
  partsMeasuredAt?: Partial<Record<ScalePart, string>>;
  machine: string;
  oneProcess?: ScaleResult;
  twoProcesses?: ScaleResult;
  longSession?: LongSessionResult;
}

export type ScalePart = 'oneProcess' | 'twoProcesses' | 'longSession';

const PART_NAMES: Record<ScalePart, string> = { oneProcess: 'one process', twoProcesses: 'two processes', longSession: 'the long session' };
/** The parts, in the order the README shows them. */
export const SCALE_PARTS = Object.keys(PART_NAMES) as ScalePart[];

/** "Measured <when>", or each part's own time when they were measured apart. */
function measured(results: ScaleResults): string {
  const parts = SCALE_PARTS.filter((part) => results[part] !== undefined);
  const at = (part: ScalePart) => results.partsMeasuredAt?.[part] ?? results.measuredAt;
  const times = new Set(parts.map(at));
  if (times.size <= 1) return `Measured ${[...times][0] ?? results.measuredAt}`;
  return `Measured in parts (${parts.map((part) => `${PART_NAMES[part]} ${at(part)}`).join(', ')})`;
}

const ms = (value: number) => (Number.isFinite(value) ? `${value} ms` : '—');
const perProcess = (result: ScaleResult, pick: (metrics: ScaleResult['servers'][number]) => string) => result.servers.map(pick).join(' · ');

/** The README's scale section: the one- and two-process runs side by side, then the long session. */
export function scaleSection(results: ScaleResults): string {
  const runs = [results.oneProcess, results.twoProcesses].filter((run): run is ScaleResult => run !== undefined);
  const lines = [`${measured(results)} on ${results.machine} by \`npm run bench\` (raw figures in \`bench/scale-results.json\`).`];
  if (runs.length > 0) {
    const r = runs[0]!;
    lines.push(
      '',
      `${r.rooms} rooms, each with a session and a monitor sending HL7 over MLLP at ${r.ratePerRoom} reading/s (rooms made with \`POST /api/rooms\`, monitors approved with the device API), ${r.boards} boards and ${r.tablets} nurses' tablets on Socket.IO, for ${r.seconds} s. Each monitor holds one connection, opened before the run. The load generator runs on the same machine, in two processes: the monitors in one, the boards and tablets in another. Latencies count from the moment the monitor had the reading (a reading waiting behind its monitor's previous ACK counts its wait); "board" is each board's arrival of each reading (the first summary holding it or a newer one). The ${r.boards} boards share one process of the load generator, which reads each message for them one after another: a board's wait behind the others (from the first board's arrival of the same message) is part of its latency here, and not on a real board, which reads only its own. Per-process figures are the server's own (\`monitorEventLoopDelay\`, \`process.cpuUsage\`), one per process, separated by "·". The event-loop delay is how late a timer due every 10 ms ran: the 10 ms themselves are not counted (Node's histogram includes them: a loop doing nothing reads 10.1 ms there).`,
      '',
      `| | ${runs.map((run) => `${run.processes === 1 ? 'one process' : `${run.processes} processes`} (${run.store})`).join(' | ')} |`,
      `|---|${runs.map(() => '---|').join('')}`,
      `| readings sent / acknowledged / resent | ${runs.map((run) => `${run.sent} / ${run.acknowledged} / ${run.resent}`).join(' | ')} |`,
      `| throughput (acknowledged readings/s) | ${runs.map((run) => run.throughputPerSecond).join(' | ')} |`,
      `| ACK p50 / p99 | ${runs.map((run) => `${ms(run.ack.p50Ms)} / ${ms(run.ack.p99Ms)}`).join(' | ')} |`,
      `| reading -> a board, p50 / p99 | ${runs.map((run) => `${ms(run.board.p50Ms)} / ${ms(run.board.p99Ms)}`).join(' | ')} |`,
      `| in it, a board's wait behind the generator's other boards, p50 / p99 | ${runs.map((run) => (run.behindOtherBoards ? `${ms(run.behindOtherBoards.p50Ms)} / ${ms(run.behindOtherBoards.p99Ms)}` : '-')).join(' | ')} |`,
      `| boards missing a reading at the end | ${runs.map((run) => run.boardsBehind).join(' | ')} |`,
      `| room changes a board could not apply | ${runs.map((run) => run.staleUpdates ?? 0).join(' | ')} |`,
      `| one board: messages/s, mean room summary | ${runs.map((run) => `${run.boardMessagesPerSecond}/s, ${run.summaryBytes} bytes`).join(' | ')} |`,
      `| event-loop delay p99 | ${runs.map((run) => perProcess(run, (m) => ms(m.eventLoopDelayP99Ms))).join(' | ')} |`,
      `| CPU (% of one core) | ${runs.map((run) => perProcess(run, (m) => `${m.cpuPercent}%`)).join(' | ')} |`,
      `| memory (RSS/heap used) | ${runs.map((run) => perProcess(run, (m) => `${m.rssMb}/${m.heapUsedMb} MB`)).join(' | ')} |`,
      `| lost / doubled readings (store read back) | ${runs.map((run) => `${run.lost} / ${run.doubled}`).join(' | ')} |`,
      `| load generator's event-loop delay p99: monitors · screens | ${runs.map((run) => `${ms(run.generatorEventLoopDelayP99Ms)} · ${run.screensEventLoopDelayP99Ms === undefined ? '-' : ms(run.screensEventLoopDelayP99Ms)}`).join(' | ')} |`,
    );
  }
  const long = results.longSession;
  if (long) {
    lines.push(
      '',
      `Sessions of different lengths on one server, ${long.sessionsPerSize ?? 1} of each size: ${long.samples} readings a size from the sessions' monitors over MLLP, one at a time and taken in turn (one from each session, then again, so that every size sees the same machine), each timed to its ACK and until ${long.screens} screens watching the sessions hold it. Each sample adds a reading to its session: a size is the session's when sampling began.`,
      '',
      '| readings in the session | ACK p50 | ACK p99 | fan-out p50 | fan-out p99 |',
      '|---|---|---|---|---|',
      ...long.points.map(
        (p) => `| ${p.readings} | ${ms(p.ack.p50Ms)} | ${ms(p.ack.p99Ms)} | ${ms(p.fanout.p50Ms)} | ${ms(p.fanout.p99Ms)} |`,
      ),
      '',
      `p99 at ${long.points.at(-1)!.readings} readings over p99 at ${long.points[0]!.readings}: ACK ${long.ackP99Ratio}x, fan-out ${long.fanoutP99Ratio}x (goal: within 1.2x).`,
    );
  }
  return lines.join('\n');
}
