import path from 'node:path';
import { addressRulesSchema } from '../shared/devices/binding';
import { isKnownTimeZone } from '../shared/record/clinicTime';

/**
 * Every setting is an environment variable with a default; the README lists them.
 * Parsed once at start-up; a bad value stops the server with a message naming the variable.
 */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  redisUrl: string | null;
  /** The Redis stream the processes of one clinic share (VIGIL_REDIS_STREAM). */
  redisStream: string;
  demo: boolean;
  /** Server clock speed: 1 is real time; 10 makes a 2-hour session pass in 12 minutes (demos, tests). */
  clockRate: number;
  /** Seconds of server time between simulated demo readings. */
  demoReadingIntervalSeconds: number;
  /** How long a sign-in lasts. */
  authSessionHours: number;
  /** Where the built client lives; null serves no static files (API-only tests). */
  clientDir: string | null;
  /** Largest Socket.IO message accepted, bytes. */
  maxMessageBytes: number;
  /** Commands one socket may send per second before it is refused with `rate_limited`. */
  commandsPerSecond: number;
  /** Sockets one user may hold open at once. */
  maxSocketsPerUser: number;
  /** Shortest time between two summaries of one room to the clinic screens (alarm changes go at once). */
  boardUpdateMs: number;
  /** Serve cookies with the Secure flag (set when behind HTTPS). */
  secureCookies: boolean;
  /** TCP port of the HL7 v2 (MLLP) listener for bedside monitors; null when turned off (HL7_PORT=off). */
  hl7Port: number | null;
  /** Largest MLLP frame accepted, bytes; a bigger frame is refused and its connection closed. */
  hl7MaxFrameBytes: number;
  /** Interface the HL7 listeners bind to (HL7_HOST; default: HOST). */
  hl7Host: string;
  /** Addresses and ranges a monitor may connect from (HL7_ALLOW); any other connection is closed unread. */
  hl7Allow: string[];
  /** MLLP over TLS (HL7_TLS_CERT + HL7_TLS_KEY, PEM files); HL7_TLS_CA also requires client certificates. */
  hl7Tls: { certFile: string; keyFile: string; caFile: string | null; port: number } | null;
  /** Messages one source address may send per second before they are answered AE. */
  hl7RatePerSource: number;
  /** Unknown devices held waiting for approval at once; a further unknown id is answered AE. */
  hl7MaxPendingDevices: number;
  /**
   * Monitor connections each HL7 listener serves at once (HL7_MAX_CONNECTIONS); a further one is
   * refused (AE to its first message) and recorded as a security event. Each costs a file
   * descriptor: the process's limit (`ulimit -n`) must be higher.
   */
  hl7MaxConnections: number;
  /**
   * Which reverse proxies to believe about the client's address (X-Forwarded-For), in Express's
   * terms: false (none), a number of hops, or addresses/subnets such as "loopback, 10.0.0.0/8".
   */
  trustProxy: false | number | string;
  /** The clinic's IANA time zone for every printed time (VIGIL_TIME_ZONE; default the server's). */
  timeZone: string;
}

function trustProxyFrom(env: NodeJS.ProcessEnv): false | number | string {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || ['false', '0', 'no', 'off'].includes(raw.toLowerCase())) return false;
  if (/^\d+$/.test(raw)) return intFrom(env, 'TRUST_PROXY', 0, 0, 10);
  if (['true', 'yes', 'on'].includes(raw.toLowerCase())) {
    throw new Error(
      'TRUST_PROXY must name the proxies (e.g. "loopback" or "10.0.0.5") or a number of hops, not "true": trusting every address lets anyone forge theirs',
    );
  }
  return raw;
}

/** A number setting within [min, max]: a whole number, or any finite number. */
function rangedFrom(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  range: { min: number; max: number; kind: 'whole number' | 'number' },
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  const fits = range.kind === 'whole number' ? Number.isInteger(value) : Number.isFinite(value);
  if (!fits || value < range.min || value > range.max) {
    throw new Error(`${name} must be a ${range.kind} from ${range.min} to ${range.max} (got "${raw}")`);
  }
  return value;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  return rangedFrom(env, name, fallback, { min, max, kind: 'whole number' });
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  return rangedFrom(env, name, fallback, { min, max, kind: 'number' });
}

function boolFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be true or false (got "${env[name]}")`);
}

/** HL7_ALLOW: addresses or CIDR ranges separated by commas or spaces. Default: this machine only. */
function allowFrom(env: NodeJS.ProcessEnv): string[] {
  const raw = env.HL7_ALLOW;
  if (raw === undefined || raw.trim() === '') return ['127.0.0.1', '::1'];
  const parsed = addressRulesSchema.safeParse(raw.split(/[\s,]+/).filter(Boolean));
  if (!parsed.success) throw new Error(`HL7_ALLOW must list IP addresses or ranges such as 10.20.0.0/24 (got "${raw}")`);
  return parsed.data;
}

function tlsFrom(env: NodeJS.ProcessEnv): Config['hl7Tls'] {
  const certFile = env.HL7_TLS_CERT || null;
  const keyFile = env.HL7_TLS_KEY || null;
  const caFile = env.HL7_TLS_CA || null;
  if (!certFile && !keyFile) {
    if (caFile) throw new Error('HL7_TLS_CA needs HL7_TLS_CERT and HL7_TLS_KEY as well');
    return null;
  }
  if (!certFile || !keyFile) throw new Error('HL7_TLS_CERT and HL7_TLS_KEY must be set together');
  return {
    certFile: path.resolve(certFile),
    keyFile: path.resolve(keyFile),
    caFile: caFile ? path.resolve(caFile) : null,
    port: intFrom(env, 'HL7_TLS_PORT', 2576, 0, 65535),
  };
}

function timeZoneFrom(env: NodeJS.ProcessEnv, name: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!isKnownTimeZone(raw)) throw new Error(`${name} must be an IANA time zone such as Europe/London or America/New_York (got "${raw}")`);
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const demo = boolFrom(env, 'VIGIL_DEMO', true);
  // The demo's passwords are published: without HOST, a demo is reachable from this machine only.
  const host = env.HOST || (demo ? '127.0.0.1' : '0.0.0.0');
  return {
    port: intFrom(env, 'PORT', 3000, 0, 65535),
    host,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || null,
    redisUrl: env.REDIS_URL || null,
    redisStream: env.VIGIL_REDIS_STREAM || 'vigil',
    demo,
    clockRate: numberFrom(env, 'VIGIL_CLOCK_RATE', 1, 0.01, 1000),
    demoReadingIntervalSeconds: intFrom(env, 'VIGIL_DEMO_READING_SECONDS', 60, 1, 3600),
    authSessionHours: intFrom(env, 'VIGIL_AUTH_HOURS', 12, 1, 24 * 14),
    clientDir: env.VIGIL_CLIENT_DIR === 'none' ? null : path.resolve(env.VIGIL_CLIENT_DIR || './dist/client'),
    maxMessageBytes: intFrom(env, 'VIGIL_MAX_MESSAGE_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    commandsPerSecond: intFrom(env, 'VIGIL_COMMANDS_PER_SECOND', 50, 1, 10_000),
    maxSocketsPerUser: intFrom(env, 'VIGIL_MAX_SOCKETS_PER_USER', 20, 1, 1000),
    boardUpdateMs: intFrom(env, 'VIGIL_BOARD_UPDATE_MS', 250, 0, 60_000),
    secureCookies: boolFrom(env, 'VIGIL_SECURE_COOKIES', false),
    hl7Port: env.HL7_PORT?.toLowerCase() === 'off' ? null : intFrom(env, 'HL7_PORT', 2575, 0, 65535),
    hl7MaxFrameBytes: intFrom(env, 'HL7_MAX_FRAME_BYTES', 1024 * 1024, 1024, 16 * 1024 * 1024),
    hl7Host: env.HL7_HOST || host,
    hl7Allow: allowFrom(env),
    hl7Tls: tlsFrom(env),
    hl7RatePerSource: intFrom(env, 'HL7_RATE_PER_SOURCE', 20, 1, 10_000),
    hl7MaxPendingDevices: intFrom(env, 'HL7_MAX_PENDING_DEVICES', 20, 0, 10_000),
    hl7MaxConnections: intFrom(env, 'HL7_MAX_CONNECTIONS', 1_000, 1, 100_000),
    trustProxy: trustProxyFrom(env),
    timeZone: timeZoneFrom(env, 'VIGIL_TIME_ZONE'),
  };
}
