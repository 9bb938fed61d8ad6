import { describe, expect, it } from 'vitest';
import type { OidcConfig } from '../platform/config.ts';
import { parseRoleMap } from '../platform/config.ts';
import { roleFromClaims, safeNext } from './oidc.ts';

const oidc = (roleClaim: string | undefined, roleMap = ''): OidcConfig => ({
  issuer: 'https://id.example.com',
  clientId: 'opsboard',
  clientSecret: undefined,
  insecureLoopback: false,
  roleClaim,
  roleMap: parseRoleMap(roleMap),
  defaultRole: 'VIEWER',
  createUsers: true,
  label: 'single sign-on',
  scopes: 'openid email profile',
});

describe('roleFromClaims', () => {
  it('maps role names without a map, the highest of several, any case; nothing for unknown values or no claim', () => {
    expect(roleFromClaims({ roles: 'Manager' }, oidc('roles'))).toBe('MANAGER');
    expect(roleFromClaims({ roles: ['agent', 'ADMIN', 'lead'] }, oidc('roles'))).toBe('ADMIN');
    expect(roleFromClaims({ roles: ['owner', 42] }, oidc('roles'))).toBeNull();
    expect(roleFromClaims({}, oidc('roles'))).toBeNull();
    expect(roleFromClaims({ roles: 'admin' }, oidc(undefined))).toBeNull();
  });

  it('with OIDC_ROLE_MAP only its entries count', () => {
    const config = oidc('groups', 'Support-Leads=lead, ops=ADMIN');
    expect(roleFromClaims({ groups: ['support-leads'] }, config)).toBe('LEAD');
    expect(roleFromClaims({ groups: ['admin', 'viewer'] }, config)).toBeNull();
    expect(roleFromClaims({ groups: ['support-leads', 'OPS'] }, config)).toBe('ADMIN');
  });

  it('reads a claim whose name has dots, or a dotted path into objects', () => {
    expect(roleFromClaims({ 'https://opsboard.example/role': 'agent' }, oidc('https://opsboard.example/role'))).toBe('AGENT');
    expect(roleFromClaims({ realm_access: { roles: ['engineer'] } }, oidc('realm_access.roles'))).toBe('ENGINEER');
    expect(roleFromClaims({ realm_access: 'engineer' }, oidc('realm_access.roles'))).toBeNull();
  });
});

describe('safeNext', () => {
  it('keeps a path on this site and turns anything else into the queue', () => {
    expect(safeNext('/tickets/PM-1?tab=sla')).toBe('/tickets/PM-1?tab=sla');
    for (const bad of [null, '', 'https://evil.example/', '//evil.example/', '/\\evil.example', 'queue', `/${'x'.repeat(500)}`])
      expect(safeNext(bad)).toBe('/queue');
  });
});
