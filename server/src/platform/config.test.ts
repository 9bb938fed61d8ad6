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

describe('IMAP_URL', () => {
  it('is off unless set', () => {
    expect(loadConfig({}).imap).toBeUndefined();
  });

  it('reads host, port, TLS, the decoded user and password, and the mailbox (INBOX by default)', () => {
    expect(loadConfig({ IMAP_URL: 'imaps://support%40acme.example:p%3Ass%40rd@mail.acme.example/INBOX' }).imap).toEqual({
      host: 'mail.acme.example',
      port: 993,
      secure: true,
      user: 'support@acme.example',
      password: 'p:ss@rd',
      mailbox: 'INBOX',
      processedFolder: undefined,
      pollMs: 60_000,
    });
    expect(loadConfig({ IMAP_URL: 'imap://u:p@10.0.0.5', IMAP_PROCESSED_FOLDER: 'Done', IMAP_POLL_SECONDS: '1' }).imap).toMatchObject({
      host: '10.0.0.5',
      port: 143,
      secure: false,
      mailbox: 'INBOX',
      processedFolder: 'Done',
      pollMs: 1_000,
    });
    expect(loadConfig({ IMAP_URL: 'imap://u:p@[::1]:1143/Support%20Desk' }).imap).toMatchObject({ host: '::1', port: 1143, mailbox: 'Support Desk' });
  });

  it.each([
    [{ IMAP_URL: 'https://u:p@mail.example' }, 'IMAP_URL: must be an imaps:// or imap:// URL'],
    [{ IMAP_URL: 'imaps://mail.example/INBOX' }, 'IMAP_URL: the user and password are missing'],
    [{ IMAP_URL: 'imaps://u@mail.example/INBOX' }, 'IMAP_URL: the user and password are missing'],
    [{ IMAP_URL: 'imaps://u:p@mail.example/Archive', IMAP_PROCESSED_FOLDER: 'Archive' }, 'IMAP_PROCESSED_FOLDER: must differ from the watched mailbox'],
    [{ IMAP_URL: 'imaps://u:p@mail.example', IMAP_POLL_SECONDS: '0' }, 'IMAP_POLL_SECONDS: must be at least 1 second'],
    [{ IMAP_URL: 'imaps://u:p@mail.example', IMAP_POLL_SECONDS: '3601' }, 'IMAP_POLL_SECONDS: must be at most 3600 seconds'],
  ])('refuses %j', (env, message) => {
    const load = () => loadConfig(env);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });
});

describe('GITHUB_API_URL and GITHUB_TOKEN', () => {
  it('talks to api.github.com, without a token (no comments) unless one is set', () => {
    expect(loadConfig({})).toMatchObject({ githubApiUrl: 'https://api.github.com', githubToken: undefined });
    expect(loadConfig({ GITHUB_API_URL: 'https://github.acme.example/api/v3/' }).githubApiUrl).toBe('https://github.acme.example/api/v3');
    expect(loadConfig({ GITHUB_API_URL: 'http://127.0.0.1:8080' }).githubApiUrl).toBe('http://127.0.0.1:8080');
  });

  it.each([
    ['GITHUB_API_URL', 'http://github.acme.example/api/v3', 'must be an https:// URL (plain http only for a server on this machine'],
    ['GITHUB_API_URL', 'api.github.com', 'must be an http(s) URL'],
    ['GITHUB_TOKEN', 'short', 'must be a GitHub token'],
    ['GITHUB_TOKEN', 'ghp_0123456789abcdef0123\nInjected: header', 'must be a GitHub token'],
  ])('refuses %s=%j', (name, value, message) => {
    const load = () => loadConfig({ [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(`${name}: ${message}`);
  });
});
