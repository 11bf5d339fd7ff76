/**
 * Exports read through the same tRPC procedures as the screen (a server-side caller, no HTTP), in
 * the requesting user's context: the same suppression and the same role and scope checks.
 */
import type { Context } from '../context.ts';
import { appRouter } from '../routers/index.ts';
import { createCallerFactory } from '../trpc.ts';

const createCaller = createCallerFactory(appRouter);

export function createExportCaller(ctx: Context) {
  return createCaller(ctx);
}
export type Caller = ReturnType<typeof createExportCaller>;
