import { capability } from '../capability.js';
import { programCommand } from './show-program.js';

export default capability({
  name: 'programs',
  order: 10,
  commands: (deps) => [programCommand(deps.catalog)],
});
