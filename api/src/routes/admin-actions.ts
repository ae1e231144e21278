import { createRoute, z } from '@hono/zod-openapi';
import {
  createAction,
  deleteAction,
  getAction,
  listActions,
  previewTemplates,
  updateAction,
} from '../db/automated-actions';
import { PLACEHOLDERS } from '../lib/templates';
import { getMessage, listTicketMessages, resendMessage } from '../db/outbox';
import {
  AutomatedAction,
  AutomatedActionCreate,
  AutomatedActionOptions,
  AutomatedActionPatch,
  AutomatedActionPreview,
  AutomatedActionPreviewResult,
  CHANNELS,
  LANGUAGES,
  OutboxMessage,
  OutboxResend,
  TRIGGERS,
} from '../schemas/activation';
import { STATUSES } from '../schemas/contract/tickets';
import { PortalModeSchema } from '../schemas/tickets';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import { router, type AppDeps } from './deps';

const security = [{ apiKey: [] }];
const tags = ['Admin: activation'];

/** Automated actions (when a customer gets which message) and the outbox they write to. */
export function adminActivationRoutes({ clock }: AppDeps) {
  return (
    router()
      .openapi(
        createRoute({
          method: 'get',
          path: '/automated-actions',
          tags,
          security,
          summary: 'List automated actions',
          responses: { 200: jsonResponse(z.object({ items: z.array(AutomatedAction) }), 'Actions'), ...commonErrors },
        }),
        async (c) => c.json({ items: await c.var.tx(listActions) }, 200),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/automated-actions',
          tags,
          security,
          summary:
            'Create an automated action (templates are checked: an unknown placeholder is 400 VALIDATION_FAILED)',
          request: { body: jsonBody(AutomatedActionCreate) },
          responses: { 201: jsonResponse(AutomatedAction, 'The action'), ...commonErrors },
        }),
        async (c) => {
          const input = c.req.valid('json');
          return c.json(await c.var.tx((tx) => createAction(tx, c.var.tenantId, input, clock.now())), 201);
        },
      )
      // Before /automated-actions/{id}, which would take these names for ids.
      .openapi(
        createRoute({
          method: 'get',
          path: '/automated-actions/options',
          tags,
          security,
          summary: 'What an action editor offers: the placeholders templates may use, languages, triggers, channels, …',
          responses: { 200: jsonResponse(AutomatedActionOptions, 'The options'), ...commonErrors },
        }),
        (c) =>
          c.json(
            {
              placeholders: [...PLACEHOLDERS],
              languages: [...LANGUAGES],
              triggers: [...TRIGGERS],
              channels: [...CHANNELS],
              statuses: [...STATUSES],
              portalModes: [...PortalModeSchema.options],
            },
            200,
          ),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/automated-actions/preview',
          tags,
          security,
          summary: 'Render a draft’s templates per language with sample data (the outbox’s renderer); stores nothing',
          description: 'Checked like a saved action’s templates: an unknown placeholder is 400 VALIDATION_FAILED.',
          request: { body: jsonBody(AutomatedActionPreview) },
          responses: { 200: jsonResponse(AutomatedActionPreviewResult, 'The rendered texts'), ...commonErrors },
        }),
        async (c) => {
          const { templates } = c.req.valid('json');
          return c.json(await c.var.tx((tx) => previewTemplates(tx, c.var.tenantId, templates, clock.now())), 200);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/automated-actions/{id}',
          tags,
          security,
          summary: 'Read an automated action',
          request: { params: IdParams },
          responses: { 200: jsonResponse(AutomatedAction, 'The action'), ...commonErrors },
        }),
        async (c) => c.json(await c.var.tx((tx) => getAction(tx, c.req.valid('param').id)), 200),
      )
      .openapi(
        createRoute({
          method: 'patch',
          path: '/automated-actions/{id}',
          tags,
          security,
          summary: 'Change an automated action',
          request: { params: IdParams, body: jsonBody(AutomatedActionPatch) },
          responses: { 200: jsonResponse(AutomatedAction, 'The action'), ...commonErrors },
        }),
        async (c) => {
          const patch = c.req.valid('json');
          return c.json(await c.var.tx((tx) => updateAction(tx, c.req.valid('param').id, patch, clock.now())), 200);
        },
      )
      .openapi(
        createRoute({
          method: 'delete',
          path: '/automated-actions/{id}',
          tags,
          security,
          summary: 'Delete an automated action (messages it wrote stay in the outbox)',
          request: { params: IdParams },
          responses: { 204: { description: 'Deleted' }, ...commonErrors },
        }),
        async (c) => {
          await c.var.tx((tx) => deleteAction(tx, c.req.valid('param').id));
          return c.body(null, 204);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/tickets/{id}/messages',
          tags,
          security,
          summary: 'Every email, SMS and info for the ticket, newest first, with state and failure reason',
          request: { params: IdParams },
          responses: { 200: jsonResponse(z.object({ items: z.array(OutboxMessage) }), 'Messages'), ...commonErrors },
        }),
        async (c) => c.json({ items: await c.var.tx((tx) => listTicketMessages(tx, c.req.valid('param').id)) }, 200),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/outbox/{id}',
          tags,
          security,
          summary: 'One outbox message',
          request: { params: IdParams },
          responses: { 200: jsonResponse(OutboxMessage, 'The message'), ...commonErrors },
        }),
        async (c) => c.json(await c.var.tx((tx) => getMessage(tx, c.req.valid('param').id)), 200),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/outbox/{id}/resend',
          tags,
          security,
          summary: 'Send a message again, as a new message with a fresh link, to the customer’s current address',
          description:
            'The same link type to the same address goes out at most once per 60 s: within that window this answers 429 RATE_LIMITED unless `force` is true.',
          request: { params: IdParams, body: jsonBody(OutboxResend) },
          responses: {
            201: jsonResponse(OutboxMessage, 'The new message'),
            429: errorResponse('RATE_LIMITED'),
            ...commonErrors,
          },
        }),
        async (c) => {
          const { force } = c.req.valid('json');
          const message = await c.var.tx((tx) =>
            resendMessage(tx, c.var.tenantId, c.req.valid('param').id, force, clock.now()),
          );
          return c.json(message, 201);
        },
      )
  );
}
