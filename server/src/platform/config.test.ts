import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('OPSBOARD_EVENT_RETENTION_DAYS', () => {
  it('keeps events 30 days unless told otherwise', () => {
    expect(loadConfig({}).eventRetentionDays).toBe(30);
    expect(loadConfig({ OPSBOARD_EVENT_RETENTION_DAYS: '' }).eventRetentionDays).toBe(30);
  });

  it('accepts whole days from 1 to 3650', () => {
    expect(loadConfig({ OPSBOARD_EVENT_RETENTION_DAYS: '1' }).eventRetentionDays).toBe(1);
    expect(loadConfig({ OPSBOARD_EVENT_RETENTION_DAYS: '90' }).eventRetentionDays).toBe(90);
    expect(loadConfig({ OPSBOARD_EVENT_RETENTION_DAYS: '3650' }).eventRetentionDays).toBe(3650);
  });

  it.each([
    ['0', 'must be at least 1 day'],
    ['3651', 'must be at most 3650 days'],
    ['1.5', 'must be whole days'],
    ['a month', 'Invalid input: expected number'],
  ])('refuses %j', (value, message) => {
    const load = () => loadConfig({ OPSBOARD_EVENT_RETENTION_DAYS: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(`OPSBOARD_EVENT_RETENTION_DAYS: ${message}`);
  });
});
