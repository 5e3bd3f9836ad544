/**
 * The migrated template every PostgreSQL test database is copied from. Checkouts sharing one
 * server (worktrees with different migrations) set TEST_PG_TEMPLATE apart, or each run's
 * global setup would drop and re-create the other's template mid-run.
 */
export const PG_TEMPLATE = process.env.TEST_PG_TEMPLATE?.trim() || 'mentorbot_test_template';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
