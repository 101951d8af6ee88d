// nanostores again, from its git history instead of its releases: every first-parent commit
// from 0.9.0 to 1.5.2 that changed a JavaScript file (~65 steps, each smaller than a
// release). Long mode only, and only where a bare mirror of the repository is on disk:
// $LIMEADE_REPLAY_NANOSTORES_GIT, or /work/.mirror/nanostores+nanostores/repo (outside the
// repository; never committed).
import { existsSync } from 'node:fs';
import nanostores from './nanostores.mjs';

const gitDir = () => process.env.LIMEADE_REPLAY_NANOSTORES_GIT || '/work/.mirror/nanostores+nanostores/repo';

export default {
  ...nanostores,
  name: 'nanostores-git',
  kind: `${nanostores.kind}, commit by commit`,
  available: () => existsSync(gitDir()),
  source: {
    type: 'git',
    gitDir,
    pathspec: ['*.js', ':!*.test.js', ':!test/'],
    // index.js and <module>/<file>.js (not tests, benchmarks or config files)
    include: (rel) => rel === 'index.js' || (/^[a-z-]+\/[a-z-]+\.js$/.test(rel) && !rel.startsWith('test/')),
  },
  windows: { short: { from: '1.4.2', to: '1.5.2' }, long: { from: '0.9.0', to: '1.5.2' } },
};
