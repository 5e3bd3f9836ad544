import type { Services } from '../../core/bot.js';
import { message, type RichText } from '../../core/render.js';
import { enqueueDirect } from '../../jobs/enqueue.js';
import type { Application } from './application-store.js';

/** A plain DM to the applicant (no prompt), e.g. the outcome of their intake. */
export async function tellApplicant(
  services: Pick<Services, 'db' | 'clock'>,
  application: Pick<Application, 'personId' | 'programId' | 'id'>,
  key: string,
  text: RichText,
): Promise<void> {
  await enqueueDirect(services.db, {
    key: `intake:${application.id}:${key}`,
    personId: application.personId,
    programId: application.programId,
    message: message(text),
    at: services.clock.now(),
  });
}
