/** The one place that calls initTRPC: exports the router factory and the base procedures. */
import { initTRPC } from '@trpc/server';
import type { Context } from './context.ts';

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape }) {
    // Never leak stack traces or SQL to clients; the Dutch message and code are enough.
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, data };
  },
});

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
