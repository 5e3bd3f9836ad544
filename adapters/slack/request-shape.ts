type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Who clicked or submitted: a user id, and a team (the payload's, or the user's for org-wide installs). */
function interactionActor(body: Obj): string | null {
  if (!isObj(body.user) || !isId(body.user.id)) return 'no user id';
  const team = isObj(body.team) ? body.team.id : undefined;
  return isId(team) || isId(body.user.team_id) ? null : 'no team id';
}

function eventCallback(body: Obj): string | null {
  if (!isId(body.team_id)) return 'no team id';
  if (!isId(body.event_id)) return 'no event id';
  const event = body.event;
  if (!isObj(event) || !isId(event.type)) return 'no event';
  // The events a listener hands to the core need a person; edits and bots' messages have none.
  const fromPerson = (event.type === 'message' && event.subtype === undefined && event.bot_id === undefined) || event.type === 'app_home_opened';
  return fromPerson && !isId(event.user) ? 'no user id' : null;
}

function blockActions(body: Obj): string | null {
  const actions = body.actions;
  if (!Array.isArray(actions) || actions.length === 0) return 'no actions';
  return actions.every((a) => isObj(a) && isId(a.action_id) && isId(a.block_id)) ? null : 'malformed action';
}

function viewSubmission(body: Obj): string | null {
  const view = body.view;
  if (!isObj(view) || !isId(view.id) || !isId(view.callback_id)) return 'no view';
  const values = isObj(view.state) ? view.state.values : undefined;
  return isObj(values) && Object.values(values).every(isObj) ? null : 'no view state';
}

/**
 * Why a signed body is not one Slack would send, in words with no values; null when it is
 * fine. Only the kinds our listeners take are checked field by field: those are the fields
 * they read. Other kinds Slack sends (shortcuts, rate-limit notices) pass on to Bolt untouched.
 */
export function shapeProblem(body: unknown): string | null {
  if (!isObj(body)) return 'body is not an object';
  if (body.ssl_check === '1' || body.type === 'url_verification') return null;
  if (body.command !== undefined) {
    if (typeof body.command !== 'string') return 'malformed command';
    if (!isId(body.team_id)) return 'no team id';
    if (!isId(body.user_id)) return 'no user id';
    return isId(body.trigger_id) ? null : 'no trigger id';
  }
  switch (body.type) {
    case 'event_callback':
      return eventCallback(body);
    case 'block_actions':
      return interactionActor(body) ?? blockActions(body);
    case 'view_submission':
      return interactionActor(body) ?? viewSubmission(body);
    default:
      return isId(body.type) ? null : 'no type';
  }
}
