import { z } from 'zod';
import { publicProcedure, router } from '../trpc.ts';
import { readDatasetMeta } from '../data/dataset.repository.ts';

export const metaRouter = router({
  /** What data is loaded: synthetic or real, data date, suppression threshold. */
  dataset: publicProcedure.input(z.void()).query(async ({ ctx }) => {
    const meta = await readDatasetMeta(ctx.db);
    return {
      synthetic: meta.synthetic === 'true',
      description: meta.description ?? null,
      dataDate: meta.data_date ?? null,
      minCellSchools: ctx.config.minCellSchools,
    };
  }),
});
