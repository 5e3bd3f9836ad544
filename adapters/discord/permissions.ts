import { PermissionFlagsBits } from 'discord.js';

/**
 * The server permissions the bot's invite asks for, and why:
 * - ViewChannel, SendMessages, ReadMessageHistory, EmbedLinks: post prompts and summaries.
 * - ManageChannels: create the program category and the pairs' private channels (with their
 *   permission overwrites; Discord lets a bot set overwrites for permissions it has itself).
 * - CreatePrivateThreads, SendMessagesInThreads: tell someone whose DMs are closed, privately.
 * - AttachFiles: send exports (a CSV) in a server channel; DMs need no permission for it.
 * - ManageRoles: let a coordinator into a pair's channel after it was made (`/mentor plan
 *   join`): Discord asks it to edit a channel's overwrites, and a bot cannot give itself the
 *   channel-level equivalent without Administrator. It creates, edits and assigns no roles.
 * No Administrator, no privileged intents.
 */
export const INVITE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ManageChannels |
  PermissionFlagsBits.ManageRoles |
  PermissionFlagsBits.CreatePrivateThreads |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.AttachFiles;

/** The OAuth2 URL that adds the bot (and its slash commands) to a server. */
export function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: 'bot applications.commands',
    permissions: INVITE_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}
