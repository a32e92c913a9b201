import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { fail } from '../shared/result';
import { createAuthService } from './auth/authService';
import { createClinicService } from './clinic/clinicService';
import { createClock, isClinicalClock, type Clock } from './clock';
import type { Config } from './config';
import { authRoutes } from './http/authRoutes';
import { adminRoutes } from './http/adminRoutes';
import { auditRoutes } from './http/auditRoutes';
import { createClientAddress } from './http/clientAddress';
import { noStore, refuseForeignOrigin, securityHeaders } from './http/hardening';
import { liveSignInsOf } from './realtime/liveSignIns';
import { startSignInSweeper } from './auth/signInSweeper';
import { clinicRoutes } from './http/clinicRoutes';
import { deviceRoutes } from './http/deviceRoutes';
import { createDeviceService, type DeviceService } from './devices/deviceService';
import { registerGatewayNamespace } from './devices/gatewayNamespace';
import { startHl7Listeners } from './devices/hl7Listeners';
import type { MllpListener } from './devices/mllpListener';
import { protocolRoutes } from './http/protocolRoutes';
import { createKeyedLock } from './sessions/keyedLock';
import { startReadinessMonitor, type ReadinessMonitor } from './lifecycle/readinessMonitor';
import type { ProtocolCatalog } from './protocols/catalog';
import { healthRoutes } from './http/healthRoutes';
import { sendFailure } from './http/respond';
import { storeFailureReason } from './store/errors';
import { staticRoutes } from './http/staticRoutes';
import { registeredRoutes } from './http/routeList';
import { startBroadcasting } from './realtime/broadcaster';
import { createIo } from './realtime/io';
import { joinCluster } from './realtime/cluster';
import { trackRequests } from './realtime/drain';
import { startTechnicalAlarms } from './realtime/technicalAlarms';
import { startDeliveryNotice } from './realtime/deliveryNotice';
import { listOpenSessions } from './store/sessions';
import type { VigilServer } from './realtime/types';
import { createSessionService, type SessionService } from './sessions/sessionService';
import { latestRecordedAt } from './store/events';
import { openStore, type Store } from './store/store';
import type { SyncFile } from './store/walSync';
import type { ClinicService } from './clinic/clinicService';
import type { AuthService } from './auth/authService';
import { startAlarmEngine, type AlarmEngine } from './alarms/alarmEngine';
import { protocolAdminRoutes } from './http/protocolAdminRoutes';
import { recordRoutes } from './http/recordRoutes';
import { patientRoutes } from './http/patientRoutes';
import { createRecordService } from './record/recordService';
import { createProtocolStore, type ProtocolStore } from './protocols/protocolStore';

export interface Vigil {
  config: Config;
  store: Store;
  clock: Clock;
  sessions: SessionService;
  clinic: ClinicService;
  auth: AuthService;
  io: VigilServer;
  /** The device registry and the path of device readings (HL7 and gateways). */
  devices: DeviceService;
  /** The HL7 v2 (MLLP) listener; null when HL7_PORT=off. */
  hl7: MllpListener | null;
  /** The MLLP-over-TLS listener; null unless HL7_TLS_CERT and HL7_TLS_KEY are set. */
  hl7Tls: MllpListener | null;
  /** Appends readiness for discharge as the record and the clock change. */
  readiness: ReadinessMonitor;
  /** Runs the alarm rules after every commit and on a timer. */
  alarms: AlarmEngine;
  /** Purges expired sign-ins (every minute; `sweep()` runs one now). */
  signIns: { sweep(): Promise<void> };
  /** Protocols: the defaults plus the clinic's copies and revisions. */
  protocols: ProtocolStore;
  httpServer: http.Server;
  /** Every HTTP route the server answers, as "METHOD /path" (server/http/routeList.ts). */
  routes(): string[];
  /** Say start-up has finished (with `holdReadiness`): /readyz answers ready from now on. */
  markReady(): void;
  /** The port actually listened on (useful with PORT=0). */
  port: number;
  url: string;
  /**
   * Graceful stop: /readyz says stopping, no new connection or request is taken, requests in
   * flight are committed and acknowledged, screens are disconnected (they reconnect elsewhere
   * or to the restarted process and catch up by seq), then Redis and the store are closed.
   */
  close(): Promise<void>;
}

export interface StartOptions {
  /** /readyz answers "starting" until `markReady()` (main.ts: until the demo clinic is set up). */
  holdReadiness?: boolean;
  clock?: Clock;
  log?: (message: string) => void;
  /** Where `session.open` and GET /api/protocols find protocols (default: the clinic's protocols). */
  protocolCatalog?: ProtocolCatalog;
  /** Real ms between readiness sweeps (default 5 s); 0: no timer (tests call `readiness.sweep()`). */
  readinessIntervalMs?: number;
  /** Real ms between alarm timer ticks (default about 1 s of server time); null: no timer (tests tick by hand). */
  alarmTickMs?: number | null;
  /** SQLite: the WAL's fsync (tests hold it to see what waits for the disk); the real one by default. */
  syncFile?: SyncFile;
}

/** Builds and starts the whole server: store, services, HTTP API, Socket.IO. */
export async function startVigil(config: Config, options: StartOptions = {}): Promise<Vigil> {
  const log = options.log ?? ((message: string) => console.log(message));
  const logError = (error: unknown) => console.error('[vigil]', error);
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, syncFile: options.syncFile });
  const clock = options.clock ?? createClock(config.clockRate, await latestRecordedAt(store.db));
  const sessions = createSessionService(store, clock);
  const clinic = createClinicService(store, sessions);
  // Sign-ins expire on real time (not the demo clock), immune to steps of the wall clock.
  const realTime = createClock(1);
  const auth = createAuthService(store, clock, config.authSessionHours, { now: () => realTime.now() });
  const devices = createDeviceService({ store, clock, sessions, clinic, logError });
  const protocols = createProtocolStore(store, clock);
  const protocolCatalog: ProtocolCatalog = options.protocolCatalog ?? protocols;

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const clientAddress = createClientAddress(config.trustProxy);
  app.use(securityHeaders({ https: config.secureCookies }));
  app.use('/api', noStore, refuseForeignOrigin);
  app.use(express.json({ limit: '64kb', strict: true }));
  const httpServer = http.createServer(app);
  let io: VigilServer | null = null;
  let phase: 'starting' | 'running' | 'stopping' = 'starting';
  let degraded: () => string | null = () => null;
  app.use(
    healthRoutes(store, {
      starting: () => (phase === 'starting' ? 'Starting up' : null),
      stopping: () => phase === 'stopping',
      degraded: () => degraded(),
    }),
  );
  const live = liveSignInsOf(() => io);
  const roomLock = createKeyedLock();
  app.use(authRoutes({ config, auth, live, store, clock, clientAddress }));
  app.use(adminRoutes({ auth, live, store, clock, clinic, roomLock, clientAddress, roomsChanged: (roomId) => void publishRoom(roomId) }));
  app.use(auditRoutes({ auth, store, clock, clientAddress }));
  app.use(clinicRoutes({ auth, clinic, sessions, store, clock }));
  app.use(recordRoutes({ auth, record: createRecordService({ store, sessions, clock, timeZone: config.timeZone }), store, clock }));
  app.use(patientRoutes({ auth, store, clock, sessions, clientAddress }));
  app.use(deviceRoutes({ auth, devices, store, clock }));
  app.use(protocolRoutes({ auth, protocols: protocolCatalog }));
  app.use(protocolAdminRoutes({ auth, protocols, store, clock }));
  app.use('/api', (_req, res) => sendFailure(res, fail('not_found', 'No such API endpoint')));
  app.use(staticRoutes(config.clientDir));
  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      return sendFailure(res, fail('invalid_input', 'The request body is not valid JSON or is too large'));
    }
    // The HTTP routes tell the same truth as the socket guard: a store failure (the audit trail included) saved nothing.
    const reason = storeFailureReason(error);
    if (reason) return sendFailure(res, fail('store_unavailable', `${reason}: nothing was saved. Try again shortly.`));
    logError(error);
    sendFailure(res, fail('internal', 'Something went wrong on the server'));
  };
  app.use(onError);

  io = createIo(
    httpServer,
    config,
    auth,
    { store, clock, sessions, clinic, protocols: protocolCatalog, roomLock, timeZone: config.timeZone },
    logError,
    clientAddress,
  );
  const server = io;
  // A room an admin added or renamed reaches every clinic screen as its new tile: this
  // process's screens through its board feed, the other processes' through theirs.
  async function showRoom(roomId: string): Promise<void> {
    clinic.forgetRooms();
    const summary = await clinic.summaryOfRoom(roomId).catch(logError);
    if (summary) broadcasting.publish(summary);
  }
  async function publishRoom(roomId: string): Promise<void> {
    await showRoom(roomId);
    cluster?.roomChanged(roomId);
  }
  const signInSweeper = startSignInSweeper(auth, live, logError);
  const broadcasting = startBroadcasting(io, sessions, clinic, { boardUpdateMs: config.boardUpdateMs }, logError);
  const requests = trackRequests([io.of('/'), io.of('/devices')]);
  const stopTechnicalAlarms = isClinicalClock(clock) ? startTechnicalAlarms(io, clock, log) : () => undefined;
  const openSessionIds = async () => (await listOpenSessions(store.db)).map((row) => row.sessionId);
  const cluster = config.redisUrl
    ? await joinCluster(
        io,
        sessions,
        { redisUrl: config.redisUrl, streamName: config.redisStream, openSessionIds, onRoomChanged: (roomId) => void showRoom(roomId) },
        logError,
        log,
      )
    : null;
  if (cluster) degraded = () => cluster.degraded();
  const stopDeliveryNotice = cluster ? startDeliveryNotice(io, () => cluster.degraded(), clock) : () => undefined;
  registerGatewayNamespace(io, { devices, commandsPerSecond: config.commandsPerSecond, logError });
  const readiness = startReadinessMonitor({ store, sessions, clock, logError, intervalMs: options.readinessIntervalMs });
  const alarmTickMs = options.alarmTickMs === undefined ? Math.max(100, Math.round(1000 / clock.rate)) : options.alarmTickMs;
  const alarms = startAlarmEngine({ store, sessions, clock }, { tickIntervalMs: alarmTickMs, logError });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  let listeners: { hl7: MllpListener | null; hl7Tls: MllpListener | null };
  try {
    listeners = await startHl7Listeners({ config, store, clock, devices, logError, log });
  } catch (error) {
    await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    throw error;
  }
  const { hl7, hl7Tls } = listeners;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  log(`Vigil listening on ${url} (store: ${store.dialect}${config.databaseUrl ? '' : ` in ${config.dataDir}`})`);

  if (!options.holdReadiness) phase = 'running';
  return {
    config,
    store,
    clock,
    sessions,
    clinic,
    auth,
    io: server,
    devices,
    hl7,
    hl7Tls,
    readiness,
    alarms,
    protocols,
    signIns: signInSweeper,
    httpServer,
    port,
    url,
    routes: () => registeredRoutes(app),
    markReady() {
      if (phase === 'starting') phase = 'running';
    },
    async close() {
      phase = 'stopping';
      // No new connections (HTTP, Socket.IO, MLLP); HL7 messages being stored are answered first.
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await hl7?.close();
      await hl7Tls?.close();
      // Requests already received are committed and acknowledged; later ones are left for the outbox to resend.
      await requests.drain();
      await signInSweeper.stop();
      await readiness.close();
      await alarms.stop();
      stopTechnicalAlarms();
      stopDeliveryNotice();
      broadcasting.stop();
      // Closing the sockets' transports makes screens reconnect by themselves and catch up by seq.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await cluster?.close();
      // A browser's keep-alive or long-poll request would hold the HTTP server open: end them.
      httpServer.closeAllConnections();
      await closed;
      await stopped;
      await store.close();
    },
  };
}
