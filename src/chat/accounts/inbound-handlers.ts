import type { FriendshipOutcomes } from '../friendship-outcomes';
import type { ChatMessageHandler } from '../message-handler';
import type { ChannelHandlers } from '../wechaty-channel';

/** What a friend request is waited on by (the dev simulator): the same contact id may ask two accounts. */
export const friendshipKey = (account: string, contactId: string) => `${account}:${contactId}`;

/** Every account's bot reports to the one inbound pipeline; each message and friend carries its account. */
export function inboundHandlers(handler: ChatMessageHandler, friendships: FriendshipOutcomes): ChannelHandlers {
  return {
    onMessage: (msg) => handler.receive(msg),
    onFriendAccepted: async (contact) => {
      try {
        await handler.welcomeNewContact(contact);
      } finally {
        friendships.decided(friendshipKey(contact.account, contact.contactId), true);
      }
    },
    onFriendDeclined: async (contactId, account) => {
      friendships.decided(friendshipKey(account, contactId), false);
    },
    onIgnored: (messageId, contactId, _reason, account) => handler.ignored(messageId, contactId, account),
  };
}
