import { createRoute, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import {
  cloneProfile,
  createProfile,
  createProject,
  deleteProfile,
  getProfile,
  getProject,
  listProfiles,
  listProjects,
  updateProfile,
  updateProject,
} from '../db/profiles';
import { getSettings, updateSettings } from '../db/tenants';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import {
  Profile,
  ProfileClone,
  ProfileCreate,
  ProfilePatch,
  Project,
  ProjectCreate,
  ProjectPatch,
} from '../schemas/profiles';
import type { AppEnv } from '../middleware/types';
import { Settings, SettingsPatch } from '../schemas/settings';
import { router, type AppDeps } from './deps';

const security = [{ apiKey: [] }];

/** Tenant settings, portal profiles and projects: how the company configures its portal. */
export function adminSettingsRoutes({ gates, clock }: Pick<AppDeps, 'gates' | 'clock'>) {
  // Settings and profiles feed the cached portal tenant; a change shows in this process's next portal request.
  const changesPortal = createMiddleware<AppEnv>(async (c, next) => {
    await next();
    if (c.res.ok) gates.forget(c.var.tenantId);
  });
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/settings',
        tags: ['Admin: settings'],
        security,
        summary: 'Read the tenant’s settings',
        responses: { 200: jsonResponse(Settings, 'Settings'), ...commonErrors },
      }),
      async (c) => c.json(await c.var.tx(getSettings), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/settings',
        tags: ['Admin: settings'],
        security,
        middleware: [changesPortal] as const,
        summary: 'Change settings: portal switch, allowed origins, portal page URL…',
        request: { body: jsonBody(SettingsPatch) },
        responses: { 200: jsonResponse(Settings, 'Settings'), ...commonErrors },
      }),
      async (c) => {
        const patch = c.req.valid('json');
        return c.json(await c.var.tx((tx) => updateSettings(tx, patch)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/profiles',
        tags: ['Admin: portal profiles'],
        security,
        summary: 'List portal profiles',
        responses: { 200: jsonResponse(z.object({ items: z.array(Profile) }), 'Profiles'), ...commonErrors },
      }),
      async (c) => c.json({ items: await c.var.tx(listProfiles) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/profiles',
        tags: ['Admin: portal profiles'],
        security,
        middleware: [changesPortal] as const,
        summary: 'Create a portal profile',
        request: { body: jsonBody(ProfileCreate) },
        responses: { 201: jsonResponse(Profile, 'The profile'), ...commonErrors },
      }),
      async (c) => {
        const input = c.req.valid('json');
        return c.json(await c.var.tx((tx) => createProfile(tx, c.var.tenantId, input, clock.now())), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/profiles/{id}',
        tags: ['Admin: portal profiles'],
        security,
        summary: 'Read a portal profile',
        request: { params: IdParams },
        responses: { 200: jsonResponse(Profile, 'The profile'), ...commonErrors },
      }),
      async (c) => c.json(await c.var.tx((tx) => getProfile(tx, c.req.valid('param').id)), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/profiles/{id}',
        tags: ['Admin: portal profiles'],
        security,
        middleware: [changesPortal] as const,
        summary: 'Change a portal profile',
        request: { params: IdParams, body: jsonBody(ProfilePatch) },
        responses: { 200: jsonResponse(Profile, 'The profile'), 409: errorResponse('CONFLICT'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const patch = c.req.valid('json');
        return c.json(await c.var.tx((tx) => updateProfile(tx, id, patch, clock.now())), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/profiles/{id}/clone',
        tags: ['Admin: portal profiles'],
        security,
        summary: 'Copy a portal profile under a new name: every setting and text, not its projects',
        request: { params: IdParams, body: jsonBody(ProfileClone) },
        responses: { 201: jsonResponse(Profile, 'The new profile'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { name } = c.req.valid('json');
        return c.json(await c.var.tx((tx) => cloneProfile(tx, id, name, clock.now())), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/profiles/{id}',
        tags: ['Admin: portal profiles'],
        security,
        middleware: [changesPortal] as const,
        summary: 'Delete a portal profile that no project or ticket uses',
        request: { params: IdParams },
        responses: { 204: { description: 'Deleted' }, 409: errorResponse('CONFLICT'), ...commonErrors },
      }),
      async (c) => {
        await c.var.tx((tx) => deleteProfile(tx, c.req.valid('param').id));
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects',
        tags: ['Admin: projects'],
        security,
        summary: 'List projects',
        responses: { 200: jsonResponse(z.object({ items: z.array(Project) }), 'Projects'), ...commonErrors },
      }),
      async (c) => c.json({ items: await c.var.tx(listProjects) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/projects',
        tags: ['Admin: projects'],
        security,
        summary: 'Create a project (its profile applies to its tickets)',
        request: { body: jsonBody(ProjectCreate) },
        responses: { 201: jsonResponse(Project, 'The project'), ...commonErrors },
      }),
      async (c) => {
        const input = c.req.valid('json');
        return c.json(await c.var.tx((tx) => createProject(tx, c.var.tenantId, input, clock.now())), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{id}',
        tags: ['Admin: projects'],
        security,
        summary: 'Read a project',
        request: { params: IdParams },
        responses: { 200: jsonResponse(Project, 'The project'), ...commonErrors },
      }),
      async (c) => c.json(await c.var.tx((tx) => getProject(tx, c.req.valid('param').id)), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/projects/{id}',
        tags: ['Admin: projects'],
        security,
        summary: 'Change a project',
        request: { params: IdParams, body: jsonBody(ProjectPatch) },
        responses: { 200: jsonResponse(Project, 'The project'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const patch = c.req.valid('json');
        return c.json(await c.var.tx((tx) => updateProject(tx, id, patch)), 200);
      },
    );
}
