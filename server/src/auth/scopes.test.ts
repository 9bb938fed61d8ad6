import { type Role } from '@opsboard/db';
import { describe, expect, it } from 'vitest';
import { type Actor, SCOPES, scopeKey, scopesOf } from './service.ts';

const actor = (role: Role, readOnly = false): Actor => ({ kind: 'SESSION', userId: 'u', name: role, role, tokenId: 't', readOnly });
const display: Actor = { kind: 'DISPLAY', userId: null, name: 'TV', role: 'VIEWER', tokenId: 't', readOnly: true };

describe('authorisation scopes', () => {
  it('grant each role what the guide gives it, and a display only the wallboard', () => {
    expect(scopesOf(null)).toEqual({ wallboard: false, reader: false, agent: false, manager: false, admin: false });
    expect(scopesOf(display)).toEqual({ wallboard: true, reader: false, agent: false, manager: false, admin: false });
    // A display token is never more, whatever role it might claim.
    expect(scopesOf({ ...display, role: 'ADMIN', readOnly: false })).toEqual(scopesOf(display));
    expect(scopesOf(actor('VIEWER', true))).toEqual({ wallboard: true, reader: true, agent: false, manager: false, admin: false });
    expect(scopesOf(actor('AGENT'))).toEqual({ wallboard: true, reader: true, agent: true, manager: false, admin: false });
    expect(scopesOf(actor('MANAGER'))).toEqual({ wallboard: true, reader: true, agent: true, manager: true, admin: false });
    expect(scopesOf(actor('ADMIN'))).toEqual({ wallboard: true, reader: true, agent: true, manager: true, admin: true });
    expect(scopesOf(actor('ADMIN', true))).toEqual({ wallboard: true, reader: true, agent: false, manager: false, admin: false });
  });

  it('key subscription groups by every scope, so subscribers who may see different fields never share an execution', () => {
    const keys = [null, display, actor('VIEWER', true), actor('AGENT'), actor('MANAGER'), actor('ADMIN')].map(scopeKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(scopeKey(actor('ADMIN'))).toBe(Object.keys(SCOPES).join(','));
    expect(scopeKey(actor('ENGINEER'))).toBe(scopeKey(actor('LEAD')));
  });
});
