/** Login, logout, the current session and password change. */
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';
import { LOGIN_FAILED_MESSAGE, login } from '../auth/login.ts';
import { deleteSession, deleteUserSessions, findUserById, principalOf } from '../auth/accounts.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/password.ts';
import { audit } from '../auth/audit.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isSyntheticDataset } from '../auth/demo-accounts.ts';
import { ROLE_LABELS } from '@rd/shared';
import type { Principal } from '../auth/roles.ts';

function sessionView(p: Principal) {
  return {
    email: p.email,
    name: p.name,
    role: p.role,
    roleLabel: ROLE_LABELS[p.role],
    national: p.national,
    regions: p.regions,
    municipalities: p.municipalities,
    /** Only advisors see school rows (school list, planning). */
    canSeeSchools: p.role === 'ggd-adviseur',
    isAdmin: p.role === 'beheerder',
    csrfToken: p.csrfToken,
  };
}

export const authRouter = router({
  /** The logged-in user, or null. Public so the client can decide to show the login page. */
  session: publicProcedure.input(z.void()).query(({ ctx }) => (ctx.user ? sessionView(ctx.user) : null)),

  /** The demo accounts with their (public) password, only while the synthetic demo data is loaded. */
  demoAccounts: publicProcedure.input(z.void()).query(async ({ ctx }) => {
    if (!(await isSyntheticDataset(ctx.db))) return { password: null, accounts: [] };
    return { password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS.map((a) => ({ email: a.email, role: a.role, roleLabel: ROLE_LABELS[a.role], description: a.description })) };
  }),

  login: publicProcedure
    .input(z.object({
      email: z.string().trim().min(1, 'vul uw e-mailadres in').max(254, 'e-mailadres is te lang'),
      password: z.string().min(1, 'vul uw wachtwoord in').max(200, 'wachtwoord is te lang'),
    }))
    .mutation(async ({ ctx, input }) => {
      const result = await login(ctx.db, ctx.loginLimiter, { ...input, ip: ctx.http?.ip ?? null });
      if (!result.ok) {
        throw new TRPCError({ code: result.reason === 'rate_limited' ? 'TOO_MANY_REQUESTS' : 'UNAUTHORIZED', message: LOGIN_FAILED_MESSAGE });
      }
      ctx.http?.setSessionCookie(result.token);
      const user = (await findUserById(ctx.db, result.userId))!;
      return sessionView(await principalOf(ctx.db, { ...user, role: user.role as Principal['role'] }, result.csrfToken, null));
    }),

  logout: authedProcedure.input(z.void()).mutation(async ({ ctx }) => {
    if (ctx.http?.sessionToken) await deleteSession(ctx.db, ctx.http.sessionToken);
    ctx.http?.clearSessionCookie();
    await audit(ctx.db, { userId: ctx.user!.userId, email: ctx.user!.email, action: 'logout', ip: ctx.http?.ip });
    return { ok: true };
  }),

  /** Checks the current password; ends every other session of the user. */
  changePassword: authedProcedure
    .input(z.object({ currentPassword: z.string().min(1, 'vul uw huidige wachtwoord in').max(200), newPassword: z.string().max(200, 'wachtwoord is te lang') }))
    .mutation(async ({ ctx, input }) => {
      const me = ctx.user!;
      const user = await findUserById(ctx.db, me.userId);
      if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'Het huidige wachtwoord klopt niet' });
      }
      const problem = passwordProblem(input.newPassword, user.email);
      if (problem) throw new TRPCError({ code: 'BAD_REQUEST', message: problem });
      await ctx.db.kysely.updateTable('app_user')
        .set({ password_hash: await hashPassword(input.newPassword), password_changed_at: new Date().toISOString() })
        .where('id', '=', user.id).execute();
      await deleteUserSessions(ctx.db, user.id, me.sessionId ?? undefined);
      await audit(ctx.db, { userId: user.id, email: user.email, action: 'password_changed', ip: ctx.http?.ip });
      return { ok: true };
    }),
});
