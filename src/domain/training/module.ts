import { queryRows, sql } from '../../db/client.js';
import { capability } from '../capability.js';
import { trainingRecordCommand } from './record-training.js';

export default capability({
  name: 'training',
  order: 60,
  commands: ({ catalog }) => [trainingRecordCommand(catalog)],
  personalData: [
    {
      title: 'training',
      why: 'pre-match training completed; deleted by erasure, kept by retention (training completion is in the evaluation export)',
      columns: [
        { table: 'training_records', column: 'person_id', erase: 'delete' },
        { table: 'training_records', column: 'recorded_by', erase: 'clear' },
      ],
      export: (db, personId) => queryRows(db, sql`select module_id, at from training_records where person_id = ${personId}::uuid`),
      retain: 'keep',
    },
  ],
});
