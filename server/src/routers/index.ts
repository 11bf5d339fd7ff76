import { router } from '../trpc.ts';
import { metaRouter } from './meta.ts';

export const appRouter = router({
  meta: metaRouter,
});

export type AppRouter = typeof appRouter;
