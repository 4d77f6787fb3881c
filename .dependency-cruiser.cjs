// The import-cycle rule of `npm run lint`: no module may reach itself again through its
// imports, type-only imports included (tsPreCompilationDeps), so that a layer (stages,
// io, services, commands, serve) never depends on one above it through a side door.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: move the shared part into a module of its own below both.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'serve-imports-no-command',
      severity: 'error',
      comment: 'The dev server calls services and stages, never a command.',
      from: { path: '^scripts/serve/' },
      to: { path: '^scripts/commands/' },
    },
    {
      name: 'stages-are-pure',
      severity: 'error',
      comment:
        'Stages are pure: they import no io, service, command or server module (types aside).',
      from: { path: '^scripts/stages/' },
      to: { path: '^scripts/(io|services|commands|serve)/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
