import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Manifest {
  features: { slash_commands: { command: string; url: string; should_escape: boolean }[]; app_home: { home_tab_enabled: boolean } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string }; socket_mode_enabled: boolean };
}

const manifest = parse(readFileSync('adapters/slack/manifest.yaml', 'utf8')) as Manifest;
const docs = readFileSync('README.md', 'utf8');

describe('slack manifest', () => {
  it('declares the slash command, interactivity and the events the adapter listens to, all on one URL', () => {
    const [command] = manifest.features.slash_commands;
    expect(command).toMatchObject({ command: '/mentor', should_escape: true });
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_home_opened', 'message.im']);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    const urls = new Set([command!.url, manifest.settings.interactivity.request_url, manifest.settings.event_subscriptions.request_url]);
    expect([...urls]).toEqual(['https://YOUR-HOST/slack/events']);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('asks for the least scopes, each one justified in the set-up guide', () => {
    const scopes = manifest.oauth_config.scopes.bot;
    expect(scopes.sort()).toEqual(['chat:write', 'commands', 'files:write', 'groups:write', 'im:history', 'im:write', 'usergroups:read', 'users:read']);
    for (const scope of scopes) expect(docs).toContain(`\`${scope}\``);
  });
});
