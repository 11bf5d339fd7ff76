import { router } from '../trpc.ts';
import { metaRouter } from './meta.ts';
import { geographyRouter } from './geography.ts';
import { overviewRouter } from './overview.ts';
import { implementationRouter } from './implementation.ts';
import { capacityRouter } from './capacity.ts';
import { equityRouter } from './equity.ts';
import { compareRouter } from './compare.ts';
import { districtsRouter } from './districts.ts';
import { partnersRouter } from './partners.ts';
import { funnelRouter } from './funnel.ts';
import { schoolsRouter } from './schools.ts';
import { planningRouter } from './planning.ts';
import { conditionsRouter } from './conditions.ts';
import { authRouter } from './auth.ts';
import { usersRouter } from './users.ts';
import { importsRouter } from './imports.ts';

export const appRouter = router({
  meta: metaRouter,
  geography: geographyRouter,
  overview: overviewRouter,
  implementation: implementationRouter,
  capacity: capacityRouter,
  equity: equityRouter,
  compare: compareRouter,
  districts: districtsRouter,
  partners: partnersRouter,
  funnel: funnelRouter,
  schools: schoolsRouter,
  planning: planningRouter,
  conditions: conditionsRouter,
  auth: authRouter,
  users: usersRouter,
  imports: importsRouter,
});

export type AppRouter = typeof appRouter;
