import { z } from 'zod';

/** The routes a protocol (and a dose) can use. Kept apart so lifecycle schemas can use it without a cycle. */
export const ROUTES = ['intranasal', 'im', 'iv', 'sublingual'] as const;
export const routeSchema = z.enum(ROUTES, { error: 'The route must be intranasal, im, iv or sublingual' });
export type Route = z.infer<typeof routeSchema>;
