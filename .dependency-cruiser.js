/**
 * The layering rules of DESIGN.md, checked on every `npm test` (`npm run lint:deps`).
 * A business module is a folder under src/ named below; its index.ts is its only public face.
 */
const MODULES = '(members|staff|chat|care|outbox|complaints|surveys|purchases|loyalty|miniprogram|reports|audit|privacy)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, type-only imports included: a cycle means two modules own one thing.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'module-through-index',
      severity: 'error',
      comment: 'Code outside a module imports it only through its index.ts.',
      from: { path: '^src/([^/]+)/' },
      to: { path: `^src/${MODULES}/`, pathNot: ['^src/$1/', `^src/${MODULES}/index\\.ts$`] },
    },
    {
      name: 'root-through-index',
      severity: 'error',
      comment: 'The composition root and top-level files also import modules only through their index.ts.',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { path: `^src/${MODULES}/`, pathNot: [`^src/${MODULES}/index\\.ts$`, '\\.config-schema\\.ts$'] },
    },
    {
      name: 'no-framework-in-module-services',
      severity: 'error',
      comment: 'Module services never import Koa or Wechaty: only *.routes.ts files and the Wechaty adapter are edges.',
      from: { path: `^src/${MODULES}/`, pathNot: ['\\.routes\\.ts$', '^src/chat/wechaty-channel\\.ts$'] },
      to: { path: '(^|/)node_modules/(koa|@koa/[^/]+|wechaty[^/]*)/' },
    },
    {
      name: 'edges-depend-on-modules-not-back',
      severity: 'error',
      comment: 'http/, jobs/ and dev/ depend on modules, never the other way (a module *.routes.ts file may use the route helpers of http/).',
      from: { path: `^src/${MODULES}/`, pathNot: ['\\.routes\\.ts$', `^src/${MODULES}/index\\.ts$`] },
      to: { path: '^src/(http|jobs|dev)/|^src/(laoke|main)\\.ts$' },
    },
    {
      name: 'index-names-route-types-only',
      severity: 'error',
      comment: 'A module index.ts may name the route types it hands the root (RouteDef), nothing else of http/.',
      from: { path: `^src/${MODULES}/index\\.ts$` },
      to: { path: '^src/(http|jobs|dev)/|^src/(laoke|main)\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'modules-not-on-the-datasource',
      severity: 'error',
      comment: 'Modules get their DataSource from the composition root; db/sql-dialect is what they may use of db/.',
      from: { path: `^src/${MODULES}/` },
      to: { path: '^src/db/', pathNot: '^src/db/sql-dialect\\.ts$' },
    },
    {
      name: 'console-bundles-no-server-code',
      severity: 'error',
      comment: 'The browser console (src/console) talks to the service over HTTP only; it may name server types, never bundle server code.',
      from: { path: '^src/console/' },
      to: { path: '^src/', pathNot: '^src/console/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'config-schemas-are-leaves',
      severity: 'error',
      comment: 'A module config schema (*.config-schema.ts) is read by src/config.ts at start-up, so it may only use zod and shared/.',
      from: { path: '\\.config-schema\\.ts$' },
      to: { path: '^src/', pathNot: ['^src/shared/', '\\.config-schema\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
