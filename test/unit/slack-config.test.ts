import { describe, expect, it } from 'vitest';
import { loadSlackConfig, wantsSlack } from '../../adapters/slack/config.js';
import { ConfigError } from '../../src/config.js';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadSlackConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('slack config', () => {
  it('chooses HTTP mode with a signing secret, on PORT, against slack.com by default', () => {
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '8080' })).toEqual({
      mode: 'http',
      botToken: 'xoxb-1',
      signingSecret: 's',
      appToken: undefined,
      port: 8080,
      apiUrl: 'https://slack.com/api/',
    });
  });

  it('chooses Socket Mode when SLACK_APP_TOKEN is set, and takes SLACK_API_URL (adding the slash)', () => {
    const config = loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'https://slack-gov.com/api' });
    expect(config).toMatchObject({ mode: 'socket', appToken: 'xapp-1', apiUrl: 'https://slack-gov.com/api/', port: 3000 });
  });

  it('names the missing or inconsistent variable, never echoing a secret', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      'SLACK_SIGNING_SECRET: required in HTTP mode (set it, or set SLACK_APP_TOKEN for Socket Mode)',
    ]);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_APP_TOKEN: 'xoxb-wrong', PORT: 'http', SLACK_API_URL: 'slack' })).toEqual([
      'SLACK_BOT_TOKEN: expected a bot token starting with xoxb-',
      'SLACK_APP_TOKEN: expected an app-level token starting with xapp-',
      'PORT: expected a port number, got "http"',
      'SLACK_API_URL: expected an http(s) URL such as https://slack.com/api/, got "slack"',
    ]);
    expect(problems({ SLACK_SIGNING_SECRET: 's' })).toEqual(['SLACK_BOT_TOKEN: required for Slack (the Bot User OAuth Token, xoxb-...)']);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '70000' })).toEqual(['PORT: expected a port number, got "70000"']);
  });

  it('wants Slack only when a bot token is set', () => {
    expect(wantsSlack({})).toBe(false);
    expect(wantsSlack({ SLACK_BOT_TOKEN: ' ' })).toBe(false);
    expect(wantsSlack({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBe(true);
  });
});
