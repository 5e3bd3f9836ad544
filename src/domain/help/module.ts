import { capability } from '../capability.js';
import { helpCommand } from './show-help.js';

export default capability({
  name: 'help',
  order: 0,
  commands: (deps) => [helpCommand(deps.commands)],
  homeSections: () => [{ order: 100, describe: async () => ({ title: 'Commands', text: 'Type `/mentor help` to see what you can do.' }) }],
  allowedDuringReconsent: { commands: ['help'] },
});
