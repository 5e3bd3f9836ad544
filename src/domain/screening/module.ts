import { capability } from '../capability.js';
import { decisionCommands } from './decide-application.js';
import { guardianCommand } from './record-guardian-consent.js';
import { applicationCommand, applicationsCommand, checkCommand } from './screening-commands.js';

export default capability({
  name: 'screening',
  order: 50,
  commands: ({ catalog }) => [applicationsCommand, applicationCommand(catalog), checkCommand(catalog), guardianCommand(catalog), ...decisionCommands(catalog)],
});
