/** User management and the audit log, for the beheerder. */
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { adminProcedure, router } from '../trpc.ts';
import { createUser, deleteUserSessions, findUserByEmail, findUserById, listUsers } from '../auth/accounts.ts';
import { audit, listAudit } from '../auth/audit.ts';
import { passwordProblem } from '../auth/password.ts';
import { ROLE_LABELS } from '@rd/shared';
import { ROLES, parseScope } from '../auth/roles.ts';

const roleInput = z.enum(ROLES, { message: `verwacht een rol: ${ROLES.join(', ')}` });
const scopeCodes = z.array(z.string().max(10)).max(400, 'te veel gebieden');

export const usersRouter = router({
  list: adminProcedure.input(z.void()).query(async ({ ctx }) => (await listUsers(ctx.db)).map((u) => ({
    ...u,
    roleLabel: ROLE_LABELS[u.role as keyof typeof ROLE_LABELS] ?? u.role,
    scope: u.scope.split(',').filter(Boolean),
    disabled: u.disabled === 1,
    demo: u.demo === 1,
    locked: u.locked_until !== null && Date.parse(u.locked_until) > Date.now(),
  }))),

  create: adminProcedure
    .input(z.object({
      email: z.string().trim().toLowerCase().email('ongeldig e-mailadres').max(254),
      name: z.string().trim().min(1, 'vul een naam in').max(100),
      role: roleInput,
      scope: scopeCodes,
      password: z.string().max(200),
    }))
    .mutation(async ({ ctx, input }) => {
      const scope = parseScope(input.role, input.scope);
      if ('error' in scope) throw new TRPCError({ code: 'BAD_REQUEST', message: `Gebied: ${scope.error}` });
      const problem = passwordProblem(input.password, input.email);
      if (problem) throw new TRPCError({ code: 'BAD_REQUEST', message: problem });
      if (await findUserByEmail(ctx.db, input.email)) throw new TRPCError({ code: 'CONFLICT', message: 'Er is al een account met dit e-mailadres' });
      const id = await createUser(ctx.db, { ...input, scope: scope.codes });
      await audit(ctx.db, { userId: ctx.user!.userId, email: ctx.user!.email, action: 'user_created', detail: `${input.email} (${input.role}: ${scope.codes.join(',')})`, ip: ctx.http?.ip });
      return { id };
    }),

  /** Role, scope, enabled/disabled; disabling or changing rights ends the user's sessions. Also clears a lockout. */
  update: adminProcedure
    .input(z.object({ id: z.number().int(), role: roleInput.optional(), scope: scopeCodes.optional(), disabled: z.boolean().optional(), unlock: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) => {
      const user = await findUserById(ctx.db, input.id);
      if (!user) throw new TRPCError({ code: 'NOT_FOUND', message: 'Onbekend account' });
      if (input.id === ctx.user!.userId && (input.disabled || (input.role && input.role !== 'beheerder'))) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'U kunt uw eigen beheerrechten niet intrekken' });
      }
      const role = input.role ?? (user.role as (typeof ROLES)[number]);
      const scope = parseScope(role, input.scope ?? user.scope);
      if ('error' in scope) throw new TRPCError({ code: 'BAD_REQUEST', message: `Gebied: ${scope.error}` });
      await ctx.db.kysely.updateTable('app_user').set({
        role,
        scope: scope.codes.join(','),
        ...(input.disabled !== undefined ? { disabled: input.disabled ? 1 : 0 } : {}),
        ...(input.unlock ? { locked_until: null, failed_logins: 0 } : {}),
      }).where('id', '=', user.id).execute();
      if (input.disabled || input.role || input.scope) await deleteUserSessions(ctx.db, user.id);
      const action = input.disabled === true ? 'user_disabled' : input.disabled === false ? 'user_enabled' : 'user_updated';
      await audit(ctx.db, { userId: ctx.user!.userId, email: ctx.user!.email, action, detail: `${user.email} (${role}: ${scope.codes.join(',')})`, ip: ctx.http?.ip });
      return { ok: true };
    }),

  audit: adminProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100), before: z.number().int().optional(), action: z.string().max(40).optional() }))
    .query(({ ctx, input }) => listAudit(ctx.db, input)),
});
