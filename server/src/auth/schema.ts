import type { Role } from '@opsboard/db';
import { builder } from '../graphql/builder.ts';
import { AuthTokenKind } from '@opsboard/db';
import { createDisplayToken, listTokens, login, revokeTokenById, revokeTokenFor, updateUser } from './service.ts';
import { EscalationLevelEnum, RoleEnum } from '../graphql/enums.ts';

export const User = builder.prismaObject('User', {
  authScopes: { reader: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    email: t.exposeString('email'),
    role: t.expose('role', { type: RoleEnum }),
    active: t.exposeBoolean('active'),
    supportLevel: t.expose('supportLevel', { type: EscalationLevelEnum, nullable: true }),
    timeZone: t.exposeString('timeZone'),
  }),
});

const AuthTokenKindEnum = builder.enumType(AuthTokenKind, { name: 'AuthTokenKind' });

// Only what a manager needs to tell tokens apart and retire one: never the hash.
builder.prismaObject('AuthToken', {
  authScopes: { reader: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: AuthTokenKindEnum }),
    name: t.exposeString('name', { nullable: true, description: "A display's name" }),
    user: t.relation('user', { nullable: true, description: 'Whose sign-in it is; null for a display' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'To the minute' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    current: t.boolean({ description: 'The token of this request', resolve: (token, _args, ctx) => token.id === ctx.actor?.tokenId }),
  }),
});

const Viewer = builder.objectRef<{ userId: string | null; name: string; readOnly: boolean; role: Role }>('Viewer').implement({
  description: 'Who the token belongs to: a user, or a read-only display.',
  fields: (t) => ({
    displayName: t.exposeString('name'),
    readOnly: t.exposeBoolean('readOnly'),
    role: t.field({ type: RoleEnum, resolve: (v) => v.role }),
    user: t.prismaField({
      type: 'User',
      nullable: true,
      resolve: (query, v, _args, ctx) => (v.userId ? ctx.rt.prisma.user.findUnique({ ...query, where: { id: v.userId } }) : null),
    }),
  }),
});

const AuthPayload = builder.objectRef<{ token: string; expiresAt?: Date | null; userId?: string | null }>('AuthPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token'),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.expiresAt ?? null }),
    user: t.prismaField({
      type: 'User',
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.userId ? ctx.rt.prisma.user.findUnique({ ...query, where: { id: p.userId } }) : null),
    }),
  }),
});

const UpdateUserInputType = builder.inputType('UpdateUserInput', {
  fields: (t) => ({ role: t.field({ type: RoleEnum }), active: t.boolean() }),
});

const SignInOptions = builder.objectRef<{ passwordLogin: boolean; singleSignOn: string | null }>('SignInOptions').implement({
  description: 'How people sign in here: what the sign-in page offers.',
  fields: (t) => ({
    passwordLogin: t.exposeBoolean('passwordLogin', { description: 'The login mutation (e-mail and password) works' }),
    singleSignOn: t.exposeString('singleSignOn', {
      nullable: true,
      description: 'The name of the single sign-on provider (its button reads "Sign in with …"; it goes to /auth/oidc/login); null when not configured',
    }),
  }),
});

builder.queryFields((t) => ({
  // Public and harmless: what the sign-in page shows, before anyone has a token.
  signInOptions: t.field({
    type: SignInOptions,
    skipTypeScopes: true,
    resolve: (_root, _args, ctx) => ({ passwordLogin: ctx.rt.config.passwordLogin, singleSignOn: ctx.rt.config.oidc?.label ?? null }),
  }),
  // Public: null when signed out, so the web app can tell whether its token still works.
  me: t.field({ type: Viewer, nullable: true, skipTypeScopes: true, resolve: (_root, _args, ctx) => ctx.actor }),
  authTokens: t.prismaField({
    type: ['AuthToken'],
    description: 'Tokens, newest first: every one for managers, your own sign-ins for everybody else.',
    resolve: (_query, _root, _args, ctx) => listTokens(ctx.rt, ctx.actor!) as never,
  }),
  users: t.prismaField({
    type: ['User'],
    authScopes: { reader: true },
    resolve: (query, _root, _args, ctx) => ctx.rt.prisma.user.findMany({ ...query, where: { active: true }, orderBy: { name: 'asc' } }),
  }),
}));

builder.mutationFields((t) => ({
  login: t.field({
    type: AuthPayload,
    description: 'Exchanges an e-mail and password for a bearer token (HTTP `Authorization: Bearer …`, graphql-ws `connectionParams.authorization`).',
    skipTypeScopes: true, // public: how a person gets a token
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { limits } = ctx.rt;
      const address = ctx.clientIp ?? 'unknown';
      // The e-mail as typed, whether or not such an account exists: the answers tell nobody which e-mails do.
      const account = args.email.slice(0, 254).trim().toLowerCase();
      await limits.consumeOrThrow('login', `${address}|${account}`, 'sign-in attempts');
      await limits.consumeOrThrow('loginAddress', address, 'sign-in attempts');
      await limits.consumeOrThrow('loginAccount', account, 'sign-in attempts');
      const session = await login(ctx.rt, args);
      // Only failures count against the address and the account.
      await Promise.all([limits.refund('loginAddress', address), limits.refund('loginAccount', account)]).catch((error: unknown) =>
        ctx.rt.log.warn({ err: error }, 'refunding sign-in limits failed'),
      );
      return session;
    },
  }),
  logout: t.boolean({
    description: 'Revokes the token of this request; WebSockets opened with it are closed on every instance.',
    // Any token may give itself up, a display's too.
    skipTypeScopes: true,
    authScopes: { wallboard: true },
    resolve: (_root, _args, ctx) => revokeTokenById(ctx.rt, ctx.actor!.tokenId),
  }),
  revokeToken: t.boolean({
    description: 'Revokes a token by id (managers: any; others: their own sign-ins); its WebSockets are closed on every instance.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => revokeTokenFor(ctx.rt, ctx.actor!, String(args.id)),
  }),
  updateUser: t.prismaField({
    type: 'User',
    description:
      "Changes a person's role or deactivates them (admins; not yourself). Takes effect at once: their open WebSockets are closed on every instance and reconnect with the new rights.",
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateUserInputType, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const user = await updateUser(ctx.rt, ctx.actor!, String(args.id), args.input);
      return ctx.rt.prisma.user.findUniqueOrThrow({ ...query, where: { id: user.id } });
    },
  }),
  createDisplayToken: t.field({
    type: AuthPayload,
    description: 'A read-only token for a wallboard display: open /wallboard?token=<token> on the TV.',
    authScopes: { manager: true },
    args: { name: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => createDisplayToken(ctx.rt, ctx.actor!, args),
  }),
}));
