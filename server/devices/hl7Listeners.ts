import fs from 'node:fs';
import type { MessageSource } from '../../shared/devices/binding';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Store } from '../store/store';
import { addressSet } from './addressRules';
import type { DeviceService } from './deviceService';
import { createHl7Admission } from './hl7Admission';
import { createHl7Intake } from './hl7Intake';
import { createSourceRate, startMllpListener, type MllpListener } from './mllpListener';
import { createRefusalThrottle, recordRefusal } from './securityEvents';

function readPem(file: string, variable: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${variable}: cannot read ${file} (${(error as Error).message})`, { cause: error });
  }
}

/**
 * The HL7 listeners the settings ask for: plain MLLP on HL7_PORT (unless off) and MLLP over TLS
 * on HL7_TLS_PORT when HL7_TLS_CERT and HL7_TLS_KEY are set. Both share one admission (device
 * bindings, the approval queue) and one allow-list.
 */
export async function startHl7Listeners(deps: {
  config: Config;
  store: Store;
  clock: Clock;
  devices: DeviceService;
  logError(error: unknown): void;
  log(message: string): void;
}): Promise<{ hl7: MllpListener | null; hl7Tls: MllpListener | null }> {
  const { config, store, clock, logError } = deps;
  const admission = createHl7Admission({ store, clock, maxPending: config.hl7MaxPendingDevices });
  const intake = createHl7Intake({ devices: deps.devices, admission, clock, logError });
  const throttle = createRefusalThrottle();
  const common = {
    host: config.hl7Host,
    maxFrameBytes: config.hl7MaxFrameBytes,
    intake,
    logError,
    allow: addressSet(config.hl7Allow),
    ratePerSource: config.hl7RatePerSource,
    // One rate per address across the plain and TLS ports, not one on each.
    sourceRate: createSourceRate(config.hl7RatePerSource),
    maxConnections: config.hl7MaxConnections,
    onRefused: (refusal: { source: MessageSource; code: string; reason: string }) => {
      if (!throttle.admit(refusal.source.address, refusal.code)) return;
      recordRefusal(store, clock, { deviceId: null, ...refusal }).catch(logError);
    },
  };
  let hl7: MllpListener | null = null;
  let hl7Tls: MllpListener | null = null;
  try {
    if (config.hl7Port !== null) {
      hl7 = await startMllpListener({ ...common, port: config.hl7Port }).catch((error: Error) => {
        throw new Error(
          `HL7 listener could not start on HL7_PORT ${config.hl7Port} (${error.message}); set HL7_PORT=off to run without it`,
          { cause: error },
        );
      });
      deps.log(`HL7 v2 (MLLP) listening on ${config.hl7Host}:${hl7.port}, accepting connections from ${config.hl7Allow.join(', ')}`);
    }
    if (config.hl7Tls) {
      const files = config.hl7Tls;
      const tls = {
        cert: readPem(files.certFile, 'HL7_TLS_CERT'),
        key: readPem(files.keyFile, 'HL7_TLS_KEY'),
        ca: files.caFile ? readPem(files.caFile, 'HL7_TLS_CA') : null,
      };
      hl7Tls = await startMllpListener({ ...common, port: files.port, tls }).catch((error: Error) => {
        throw new Error(`HL7 TLS listener could not start on HL7_TLS_PORT ${files.port} (${error.message})`, { cause: error });
      });
      deps.log(`HL7 v2 (MLLP over TLS${tls.ca ? ', client certificates required' : ''}) listening on ${config.hl7Host}:${hl7Tls.port}`);
    }
  } catch (error) {
    await hl7?.close();
    throw error;
  }
  return { hl7, hl7Tls };
}
