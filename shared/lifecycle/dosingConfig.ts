import { z } from 'zod';
import { routeSchema } from '../protocols/routes';

/**
 * Further doses and the devices of one dose, as protocol data. A further dose restarts, from
 * its own time, the check schedule and minimum observation its route has here; a route not
 * listed cannot be given as a further dose. Devices (intranasal) are parts of one dose: the
 * clock counts from the first device and does not restart.
 */
export const furtherDoseSettingsSchema = z
  .strictObject({
    route: routeSchema,
    /** Checks, minutes after the further dose, strictly increasing. */
    checkScheduleMinutes: z.array(
      z
        .number({ error: 'A check time must be a number of minutes' })
        .int({ error: 'A check time must be whole minutes' })
        .min(0, { error: 'A check time cannot be negative' })
        .max(24 * 60, { error: 'A check time is at most 1440 minutes' }),
    ),
    minimumObservationMinutes: z
      .number({ error: 'The minimum observation time must be a number of minutes' })
      .int({ error: 'The minimum observation time must be whole minutes' })
      .min(0, { error: 'The minimum observation time cannot be negative' })
      .max(24 * 60, { error: 'The minimum observation time is at most 1440 minutes' }),
  })
  .superRefine((settings, ctx) => {
    settings.checkScheduleMinutes.forEach((minute, index) => {
      const before = settings.checkScheduleMinutes[index - 1];
      if (before !== undefined && minute <= before)
        ctx.addIssue({ code: 'custom', path: ['checkScheduleMinutes', index], message: 'Check times must go up, each once' });
    });
  });
export type FurtherDoseSettings = z.infer<typeof furtherDoseSettingsSchema>;

export const deviceSettingsSchema = z.strictObject({
  /** Spravato: 28 mg a device. */
  mgPerDevice: z.number().positive().max(1000),
  /** The rest between devices the label asks for (Spravato: 5 min); counted down and marked on the record, never refused. */
  minutesBetweenDevices: z.number().int().min(0).max(60),
});
export type DeviceSettings = z.infer<typeof deviceSettingsSchema>;

export const dosingConfigSchema = z
  .strictObject({
    furtherDoses: z.array(furtherDoseSettingsSchema),
    devices: deviceSettingsSchema.optional(),
  })
  .superRefine((dosing, ctx) => {
    const seen = new Set<string>();
    dosing.furtherDoses.forEach((settings, index) => {
      if (seen.has(settings.route))
        ctx.addIssue({ code: 'custom', path: ['furtherDoses', index, 'route'], message: `The route "${settings.route}" is listed twice` });
      seen.add(settings.route);
    });
  });
export type DosingConfig = z.infer<typeof dosingConfigSchema>;
