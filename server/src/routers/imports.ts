/** The import history and undo, for the beheerder (the upload itself is POST /api/import/:soort). */
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { adminProcedure, router } from '../trpc.ts';
import { auditUndo, listRuns } from '../import/runs.ts';
import { UndoRefusedError, undoImportRun } from '../import/undo.ts';
import { ImportBusyError, exclusively, hasProblemFile } from '../import/web-import.ts';

export const importsRouter = router({
  /** Newest first, failed and undone runs included; also the upload limit the page tells the user. */
  runs: adminProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), before: z.number().int().optional() }).default({ limit: 50 }))
    .query(async ({ ctx, input }) => ({
      runs: (await listRuns(ctx.db.kysely, input)).map((r) => ({
        ...r,
        problemsUrl: r.result === 'mislukt' && hasProblemFile(r) ? `/api/import/${r.id}/problemen.csv` : null,
      })),
      maxUploadMb: ctx.config.importMaxMb,
    })),

  undo: adminProcedure
    .input(z.object({ runId: z.number().int().positive() }))
    .mutation(async ({ ctx, input }) => {
      const user = ctx.user!;
      const by = { userId: user.userId, name: user.name, email: user.email };
      try {
        const undone = await exclusively(() => undoImportRun(ctx.db, input.runId, by));
        await auditUndo(ctx.db, by, ctx.http?.ip ?? null, undone);
        return undone;
      } catch (error) {
        if (error instanceof UndoRefusedError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
        if (error instanceof ImportBusyError) throw new TRPCError({ code: 'CONFLICT', message: error.message });
        throw error;
      }
    }),
});
