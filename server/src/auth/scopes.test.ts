import { type Role } from '@opsboard/db';
import { describe, expect, it } from 'vitest';
import { type Actor, SCOPES, scopeKey, scopesOf } from './service.ts';

const actor = (role: Role, readOnly = false): Actor => ({ userId: readOnly ? null : 'u', name: role, role, tokenId: 't', readOnly });

describe('authorisation scopes', () => {
  it('grant each role what the guide gives it, and a display only reading', () => {
    expect(scopesOf(null)).toEqual({ reader: false, agent: false, manager: false, admin: false });
    expect(scopesOf(actor('VIEWER', true))).toEqual({ reader: true, agent: false, manager: false, admin: false });
    expect(scopesOf(actor('AGENT'))).toEqual({ reader: true, agent: true, manager: false, admin: false });
    expect(scopesOf(actor('MANAGER'))).toEqual({ reader: true, agent: true, manager: true, admin: false });
    expect(scopesOf(actor('ADMIN'))).toEqual({ reader: true, agent: true, manager: true, admin: true });
    expect(scopesOf(actor('ADMIN', true))).toEqual({ reader: true, agent: false, manager: false, admin: false });
  });

  it('key subscription groups by every scope, so subscribers who may see different fields never share an execution', () => {
    const keys = [null, actor('VIEWER', true), actor('AGENT'), actor('MANAGER'), actor('ADMIN')].map(scopeKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(scopeKey(actor('ADMIN'))).toBe(Object.keys(SCOPES).join(','));
    expect(scopeKey(actor('ENGINEER'))).toBe(scopeKey(actor('LEAD')));
  });
});
