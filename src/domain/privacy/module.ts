import { capability } from '../capability.js';
import { PRIVACY_FLOW, privacyEraseCommand, privacyExportCommand, privacyFlow } from './privacy-commands.js';

export default capability({
  name: 'privacy',
  order: 40,
  commands: (deps) => [privacyExportCommand(deps), privacyEraseCommand],
  flows: (deps) => ({ [PRIVACY_FLOW]: privacyFlow(deps) }),
  allowedDuringReconsent: { commands: ['privacy'], flows: [PRIVACY_FLOW] },
});
