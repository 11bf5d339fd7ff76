/**
 * The one place that calls initTRPC. It exports the router factory and only named procedures, each
 * carrying an access rule that the one access middleware below enforces: login, role, the user's
 * scope against the areas in the input, and CSRF on mutations. `t.procedure` itself is not exported,
 * so a procedure without a rule cannot be written (and the authorization matrix test lists them all).
 */
import { initTRPC, TRPCError, type ProcedureType } from '@trpc/server';
import type { Context } from './context.ts';
import { AreaInputError, SCHOOL_ROW_ROLES, type Access } from './auth/access.ts';
import { canSeeArea } from './auth/roles.ts';
import { answerKey } from './response-cache.ts';

export interface ProcedureMeta {
  access: Access;
}

const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
  errorFormatter({ shape }) {
    // Never leak stack traces or SQL to clients; the Dutch message and code are enough.
    const { stack: _stack, ...data } = shape.data;
    if (shape.data.code === 'INTERNAL_SERVER_ERROR') {
      return { ...shape, message: 'Er ging iets mis op de server. Probeer het later opnieuw.', data };
    }
    return { ...shape, data };
  },
});

const FORBIDDEN_AREA = 'U hebt geen toegang tot dit gebied';

/**
 * Enforces a procedure's access rule for one call; throws the error the caller gets. The access
 * middleware runs it for every call, and so does the app's shortcut for cached answers (cached-answers.ts).
 */
export async function enforceAccess(ctx: Pick<Context, 'db' | 'user' | 'http'>, access: Access | undefined, type: ProcedureType, getRawInput: () => Promise<unknown>): Promise<void> {
  if (!access) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Procedure zonder toegangsregel' });

  // CSRF: a state-changing call over HTTP must carry x-csrf-token. Logged in, it must equal the
  // session's token (a cross-site page can neither read it nor set the header without CORS).
  if (type === 'mutation' && ctx.http) {
    const header = ctx.http.csrfHeader;
    if (!header || (ctx.user && header !== ctx.user.csrfToken)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'Ongeldig of ontbrekend CSRF-token; laad de pagina opnieuw' });
    }
  }
  if (access.kind === 'public') return;

  const user = ctx.user;
  if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Log eerst in' });
  if (access.kind === 'authenticated') return;
  if (access.kind === 'admin') {
    if (user.role !== 'beheerder') throw new TRPCError({ code: 'FORBIDDEN', message: 'Alleen voor beheerders' });
    return;
  }

  try {
    const raw = await getRawInput();
    if (access.kind === 'schoolRows') {
      if (!SCHOOL_ROW_ROLES.includes(user.role)) {
        throw new TRPCError({ code: 'FORBIDDEN', message: 'Gegevens per school zijn alleen voor GGD-adviseurs' });
      }
      if (!user.regions.includes(access.region(raw))) throw new TRPCError({ code: 'FORBIDDEN', message: FORBIDDEN_AREA });
      return;
    }
    for (const area of access.areas(raw)) {
      const regionOfMunicipality = area.level === 'municipality' && !user.national
        ? (await ctx.db.kysely.selectFrom('municipality').select('region_code').where('code', '=', area.code!).executeTakeFirst())?.region_code ?? null
        : null;
      if (!canSeeArea(user, area, regionOfMunicipality)) throw new TRPCError({ code: 'FORBIDDEN', message: FORBIDDEN_AREA });
    }
  } catch (error) {
    if (error instanceof AreaInputError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
    throw error;
  }
}

const accessMiddleware = t.middleware(async ({ ctx, meta, type, getRawInput, next }) => {
  await enforceAccess(ctx, meta?.access, type, getRawInput);
  return next();
});

/**
 * Answers published aggregates and school rows from the app's cache when the data has not changed
 * since they were computed. It runs after the access middleware, so it only ever answers a call
 * that passed its access check, and its key holds the caller's scope.
 */
const responseCacheMiddleware = t.middleware(async ({ ctx, meta, type, path, getRawInput, next }) => {
  const cache = ctx.responseCache;
  const kind = meta?.access.kind;
  if (!cache?.enabled || type !== 'query' || !ctx.user || (kind !== 'aggregate' && kind !== 'schoolRows')) return next();
  const key = answerKey(path, ctx.user, ctx.config.minCellSchools, await getRawInput());
  const version = await cache.currentVersion();
  const cached = cache.get(version, key);
  if (cached !== undefined) {
    if (ctx.http) cache.noteAnswered(ctx.http, version, key);
    // The shape tRPC's own resolver returns; its marker type is internal, the runtime reads ok and data.
    return { ok: true, data: cached, ctx, marker: 'middlewareMarker' } as unknown as Awaited<ReturnType<typeof next>>;
  }
  const result = await next();
  if (result.ok) {
    cache.set(version, key, result.data);
    if (ctx.http) cache.noteAnswered(ctx.http, version, key);
  }
  return result;
});

const guarded = t.procedure.use(accessMiddleware).use(responseCacheMiddleware);

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** No login needed. */
export const publicProcedure = guarded.meta({ access: { kind: 'public' } });
/** Any logged-in user; reads no area data. */
export const authedProcedure = guarded.meta({ access: { kind: 'authenticated' } });
/** beheerder only. */
export const adminProcedure = guarded.meta({ access: { kind: 'admin' } });
/** Published aggregates of the areas `areas(input)` names; each must be in the user's scope. */
export const aggregateProcedure = (areas: Extract<Access, { kind: 'aggregate' }>['areas']) => guarded.meta({ access: { kind: 'aggregate', areas } });
/** Pseudonymous school rows of the region `region(input)`; GGD advisors of that region only. */
export const schoolRowsProcedure = (region: Extract<Access, { kind: 'schoolRows' }>['region']) => guarded.meta({ access: { kind: 'schoolRows', region } });
