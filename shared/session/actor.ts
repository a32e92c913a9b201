import { z } from 'zod';
import { roleSchema } from '../roles';

/** Who or what caused an event. Every event and every reading carries one. */
export const actorSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('user'),
    userId: z.string(),
    displayName: z.string(),
    role: roleSchema,
  }),
  z.strictObject({
    kind: z.literal('device'),
    deviceId: z.string(),
    displayName: z.string(),
    /** Where the reading came from: the sender's address, and its certificate or gateway key. */
    source: z.string().max(300).optional(),
  }),
  z.strictObject({ kind: z.literal('system'), displayName: z.string() }),
]);

export type Actor = z.infer<typeof actorSchema>;

export function describeActor(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return actor.displayName;
    case 'device':
      return `${actor.displayName} (device)`;
    case 'system':
      return actor.displayName;
  }
}

/**
 * Who or what recorded an entry, with where a device's reading came from: "Bed monitor 1
 * (device) from 10.20.0.15, certificate CN=bed-1". What the record, the report and the exports
 * print, so a monitor's reading is told from a nurse's and from another monitor's.
 */
export function describeProvenance(actor: Actor): string {
  return actor.kind === 'device' && actor.source ? `${describeActor(actor)} from ${actor.source}` : describeActor(actor);
}
