import { z } from '@hono/zod-openapi';
import { MESSAGE_BODY_MAX } from './contract/messages';

export const Message = z
  .object({
    id: z.uuid(),
    author: z.enum(['company', 'customer']),
    authorName: z.string().describe('Who wrote it, for display'),
    body: z.string(),
    createdAt: z.string(),
  })
  .openapi('Message');

export const MessageThread = z
  .object({
    timezone: z.string().describe('IANA zone of the ticket’s site, in which the portal shows the times'),
    items: z.array(Message),
    unread: z.number().int().describe('The company’s messages the customer has not read'),
    firstUnreadId: z.uuid().nullable().describe('The oldest unread message; null when all are read'),
  })
  .openapi('MessageThread');

const Body = z
  .string()
  .trim()
  .min(1, 'Write a message')
  .max(MESSAGE_BODY_MAX, `At most ${MESSAGE_BODY_MAX} characters`);

export const NewPortalMessage = z.strictObject({ body: Body }).openapi('NewPortalMessage');

export const NewCompanyMessage = z
  .strictObject({
    body: Body,
    authorName: z.string().trim().min(1).max(200).optional().describe('The agent’s name; default: the company’s'),
  })
  .openapi('NewCompanyMessage');

export const MarkRead = z
  .strictObject({ upTo: z.uuid().describe('The newest message the customer has seen') })
  .openapi('MessagesRead');
