// Issue 18, parts 3–4 (UI): the models list's Ollama runtime (chips, Start / Stop), Deploy,
// the bulk actions and their summary, against a fake API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import * as R from '../models/runtime-store.js';
import * as D from '../models/runtime-dialog-store.js';
import * as B from '../models/bulk-store.js';
import * as I from '../shared/i18n.js';
import { runtimeChipText, runtimeErrorText } from '../models/runtime-text.js';
import { setMeta } from '../shared/meta.js';
import { META } from './meta-fixture.js';
import { model, provider, setup as fakeSetup } from './fixtures.js';

setMeta(META);
await I.loadLanguage('en');
await I.loadLanguage('fr');
await I.loadStrings('models');

const item = (provider_id, name, status, extra = {}) => ({
  provider_id, name, status, message: null, expires_at: null, size_vram: null, updated_at: '2025-12-01T10:00:00Z', model_ids: [], ...extra,
});
const server = (provider_id, status, extra = {}) => ({
  provider_id, provider_name: provider_id.toUpperCase(), model_id: `${provider_id}-m`, name: 'qwen:0.5b', status, message: null,
  expires_at: null, size_vram: null, updated_at: '2025-12-01T10:00:00Z', job_id: null, ...extra,
});
const local = (id, extra = {}) => model(id, { provider_id: 'local', provider_kind: 'local', kind: 'local', downloaded: true, ...extra });
const onOllama = (id, extra = {}) => model(id, { provider_id: 'o1', provider_kind: 'ollama', ...extra });
const providers = [provider('o1', 'ollama'), provider('o2', 'ollama'), provider('o3', 'ollama', { enabled: false }), provider('local', 'local')];

const withModels = (items, state = S.initialState()) =>
  S.modelsLoaded(S.modelsRequested(S.providersLoaded(state, providers)), 1, { items, total: items.length });

test('runtime: the list of states, events and answers; what a chip says', () => {
  let state = R.runtimeLoaded(S.initialState(), { items: [
    item('o1', 'qwen:0.5b', 'running', { model_ids: ['m1', 'l1'] }),
    item('o2', 'qwen:0.5b', 'stopped', { model_ids: ['m2', 'l1'] }),
    item('o1', 'llama:1b', 'error', { message: 'out of memory', model_ids: ['m3'] })] });
  assert.deepEqual(R.selectRuntimeSummary(state, 'l1'), { status: 'running', running: 1, total: 2, message: '' });
  assert.deepEqual(R.selectRuntimeSummary(state, 'm3'), { status: 'error', running: 0, total: 1, message: 'out of memory' });
  assert.equal(R.selectRuntimeSummary(state, 'nowhere'), null);

  // An event replaces one state; an identical one changes nothing.
  state = R.runtimeItemReceived(state, item('o2', 'qwen:0.5b', 'loading', { model_ids: ['m2', 'l1'] }));
  assert.equal(R.selectRuntimeSummary(state, 'l1').status, 'loading');
  assert.equal(R.runtimeItemReceived(state, item('o2', 'qwen:0.5b', 'loading', { model_ids: ['m2', 'l1'] })), state);

  // A Start / Stop answer names no model ids: the answer's model and each server's join them.
  state = R.modelRuntimeReceived(state, { model_id: 'l1', servers: [server('o1', 'stopped'), server('o3', 'running')] });
  assert.deepEqual(R.selectModelServers(state, 'l1').map((s) => [s.provider_id, s.status]), [['o1', 'stopped'], ['o2', 'loading'], ['o3', 'running']]);
  assert.deepEqual(R.selectModelServers(state, 'o3-m').map((s) => s.provider_id), ['o3']);
  assert.ok(!('provider_name' in R.selectModelServers(state, 'l1')[0]));

  I.setLanguage('en');
  assert.equal(runtimeChipText({ status: 'running', running: 1, total: 2 }), 'Running on 1 of 2');
  assert.equal(runtimeChipText({ status: 'running', running: 1, total: 1 }), 'Running');
  assert.equal(runtimeChipText({ status: 'error', running: 0, total: 1 }), 'Error');
  I.setLanguage('fr');
  assert.equal(runtimeChipText({ status: 'running', running: 1, total: 2 }), 'En marche sur 1 sur 2');
  assert.equal(runtimeChipText({ status: 'stopped', running: 0, total: 1 }), 'Arrêté');
  assert.equal(runtimeErrorText({ status: 409, code: 'not_downloaded', message: 'Model x is not downloaded.' }), I.t('runtime.err.not_downloaded'));
  I.setLanguage('en');
  assert.equal(runtimeErrorText({ status: 409, code: 'conflict', message: 'Busy.' }), 'Busy.', 'other codes as everywhere');
});

test('runtime: the actions a row offers', () => {
  const state = R.runtimeLoaded(withModels([]), { items: [item('o1', 'a', 'running', { model_ids: ['both'] }), item('o2', 'a', 'stopped', { model_ids: ['both'] }),
    item('o1', 'b', 'running', { model_ids: ['up'] }), item('o1', 'c', 'loading', { model_ids: ['loading'] })] });
  assert.deepEqual(R.selectRuntimeActions(state, local('l1')), ['deploy'], 'a downloaded file deploys');
  assert.deepEqual(R.selectRuntimeActions(state, local('l2', { downloaded: false })), []);
  assert.deepEqual(R.selectRuntimeActions(state, model('hosted')), [], 'a hosted model has none');
  assert.deepEqual(R.selectRuntimeActions(state, onOllama('never'), 'ollama'), ['start'], 'on Ollama, never seen loaded');
  assert.deepEqual(R.selectRuntimeActions(state, onOllama('both'), 'ollama'), ['start', 'stop'], 'runs on one of two servers');
  assert.deepEqual(R.selectRuntimeActions(state, onOllama('up'), 'ollama'), ['stop']);
  assert.deepEqual(R.selectRuntimeActions(state, onOllama('loading'), 'ollama'), ['start', 'stop']);
  assert.deepEqual(R.selectRuntimeActions(state, local('both')), ['deploy', 'start', 'stop'], 'a deployed file starts and stops too');
});

test('bulk: selection among the rows shown, select all, what a summary keeps', () => {
  let state = withModels([model('a'), model('b'), model('c')]);
  assert.equal(B.selectSelectionLevel(state), 'none');
  state = B.setSelected(B.setSelected(state, 'a', true), 'b', true);
  assert.deepEqual(B.selectSelectedIds(state), ['a', 'b']);
  assert.equal(B.selectSelectionLevel(state), 'some');
  assert.equal(B.selectSelectionLevel(B.selectAllShown(state, true)), 'all');
  assert.deepEqual(B.selectSelectedIds(B.selectAllShown(state, false)), []);
  assert.deepEqual(B.selectSelectedIds(S.modelRemoved(state, 'a')), ['b'], 'a deleted row is no longer selected');

  state = B.bulkStepped(B.bulkStarted(state, 'start', 2));
  assert.deepEqual(B.selectBulk(state).running, { action: 'start', total: 2, done: 1 });
  state = B.bulkFinished(state, 'start', [{ id: 'a', name: 'A' }], [{ id: 'b', name: 'B', error: { status: 409, code: 'not_applicable', message: 'no' } }]);
  assert.equal(B.selectBulk(state).running, null);
  assert.deepEqual(B.selectSelectedIds(state), ['b'], 'what failed stays checked');
  assert.equal(B.selectBulk(state).notice.failed[0].error.code, 'not_applicable');
});

test('deploy dialog: servers, checks, body, errors under their fields', () => {
  let state = D.openDeployDialog(withModels([local('l1')]), local('l1'));
  let dialog = state.runtimeDialog;
  assert.deepEqual(dialog.servers.map((s) => s.id), ['o1', 'o2'], 'the enabled Ollama connections');
  assert.deepEqual(dialog.selected, {}, 'two servers: none chosen for the person');
  state = D.validateDeploy(state, () => ({ code: 'invalid_format', params: {} }));
  assert.equal(state.runtimeDialog.errors.provider_ids.key, 'runtime.deploy.chooseServer');
  assert.ok(!state.runtimeDialog.errors.name, 'an empty name is derived by the server');

  state = D.setDeployServer(state, 'o2', true);
  assert.ok(!state.runtimeDialog.errors.provider_ids);
  state = D.setDeployValue(D.setDeployValue(state, 'name', ' my model '), 'system', 'Be brief.');
  state = D.validateDeploy(state, (name) => (name.includes(' ') ? { code: 'invalid_format', params: {} } : null));
  assert.equal(state.runtimeDialog.errors.name.code, 'invalid_format');
  state = D.setDeployValue(state, 'name', 'mine:q4');
  assert.deepEqual(D.selectDeployBody(state.runtimeDialog), { provider_ids: ['o2'], name: 'mine:q4', system: 'Be brief.' });
  assert.deepEqual(D.selectDeployBody({ ...state.runtimeDialog, values: { name: '', system: ' ' } }), { provider_ids: ['o2'] });

  const seq = state.runtimeDialog.seq;
  dialog = D.runtimeDialogFailed(D.runtimeDialogBusy(state, seq), seq, { status: 422, code: 'invalid_model_name', message: 'bad', fields: {} }).runtimeDialog;
  assert.equal(dialog.busy, false);
  assert.equal(dialog.errors.name.key, 'runtime.err.invalid_model_name');
  assert.equal(dialog.error, null);
  dialog = D.runtimeDialogFailed(state, seq, { status: 422, code: 'validation_failed', fields: { system: { code: 'too_long', params: { max: 10 } }, other: 'x' } }).runtimeDialog;
  assert.equal(dialog.errors.system.code, 'too_long');
  assert.deepEqual(dialog.error.fields, { other: 'x' }, 'what has no field of its own shows above the buttons');
  assert.equal(D.openDeployDialog(S.providersLoaded(state, [provider('o1', 'ollama')]), local('l1')).runtimeDialog.selected.o1, true, 'the only server is chosen');
});

test('start / stop dialog: the servers to act on are checked; force', () => {
  let state = D.openServersDialog(withModels([local('l1')]), 'stop', local('l1'));
  const seq = state.runtimeDialog.seq;
  state = D.serversLoaded(state, seq, { model_id: 'l1', servers: [server('o1', 'running'), server('o2', 'stopped'), server('o3', 'loading')] });
  assert.deepEqual(state.runtimeDialog.selected, { o1: true, o3: true });
  state = D.setForce(D.setServerChecked(state, 'o3', false), true);
  assert.deepEqual(D.selectServersBody(state.runtimeDialog), { provider_ids: ['o1'], force: true });
  const start = D.serversLoaded(D.openServersDialog(state, 'start', local('l1')), state.nextId, { servers: [server('o1', 'running'), server('o2', 'error')] });
  assert.deepEqual(D.selectServersBody(start.runtimeDialog), { provider_ids: ['o2'] });
  assert.equal(D.setForce(start, true), start, 'Force is for Stop');
});

// --- Actions against a fake API ------------------------------------------------------------

// A fake of the runtime routes: `routes['METHOD path']` answers (a function of the body).
function setup(routes, models, state = {}) {
  const requests = [];
  const env = fakeSetup({
    request: async (method, path, body) => {
      requests.push([method, path, body]);
      const answer = routes[`${method} ${path}`];
      if (!answer) return null;
      return answer(body);
    },
    listProviders: () => ({ items: providers }),
    listModels: () => ({ items: models, total: models.length, limit: 50 }),
    listJobs: () => ({ items: [] }),
  }, { session: 'authenticated', route: 'models', ...state });
  return { ...env, requests };
}

test('actions: the models page loads every runtime state; events and a reconnection follow', async () => {
  const env = setup({ 'GET /api/ollama/runtime': () => ({ items: [item('o1', 'qwen', 'running', { model_ids: ['m1'] })] }) }, [onOllama('m1')]);
  await env.actions.loadRoute();
  assert.equal(R.selectRuntimeSummary(env.store.getState(), 'm1').status, 'running');

  const live = await env.actions.live();
  live.applyEvent('runtime', { action: 'updated', subject_id: 'o1/qwen', data: item('o1', 'qwen', 'stopped', { model_ids: ['m1'] }) });
  assert.equal(R.selectRuntimeSummary(env.store.getState(), 'm1').status, 'stopped');
  await live.syncLive();
  assert.equal(R.selectRuntimeSummary(env.store.getState(), 'm1').status, 'running', 'asked again after a gap');
});

test('actions: Start on one server at once; several servers ask which', async () => {
  const env = setup({
    'GET /api/ollama/runtime': () => ({ items: [item('o1', 'a', 'stopped', { model_ids: ['one'] }), item('o1', 'b', 'running', { model_ids: ['two'] }), item('o2', 'b', 'stopped', { model_ids: ['two'] })] }),
    'POST /api/models/one/start': () => ({ model_id: 'one', servers: [server('o1', 'loading', { name: 'a', job_id: 'j1' })] }),
    'GET /api/models/two/runtime': () => ({ model_id: 'two', servers: [server('o1', 'running', { name: 'b' }), server('o2', 'stopped', { name: 'b' })] }),
    'POST /api/models/two/start': (body) => ({ model_id: 'two', servers: [server('o1', 'running', { name: 'b' }), server('o2', body.provider_ids.includes('o2') ? 'loading' : 'stopped', { name: 'b' })] }),
  }, [onOllama('one'), onOllama('two')]);
  await env.actions.loadRoute();
  const runtime = await env.actions.runtime();

  await runtime.start('one');
  assert.deepEqual(env.requests.at(-1), ['POST', '/api/models/one/start', {}]);
  assert.equal(R.selectRuntimeSummary(env.store.getState(), 'one').status, 'loading');
  assert.equal(env.store.getState().toasts.at(-1).key, 'runtime.toast.start');

  await runtime.start('two');
  assert.equal(env.store.getState().runtimeDialog.kind, 'start');
  assert.deepEqual(env.store.getState().runtimeDialog.selected, { o2: true });
  await runtime.submitServers();
  assert.deepEqual(env.requests.at(-1), ['POST', '/api/models/two/start', { provider_ids: ['o2'] }]);
  assert.equal(env.store.getState().runtimeDialog, null);
  assert.equal(R.selectRuntimeSummary(env.store.getState(), 'two').status, 'loading');
});

test('actions: Stop refused shows the reason; a server refusing the choice keeps the dialog', async () => {
  const env = setup({
    'POST /api/models/m1/stop': () => { throw Object.assign(new Error('x'), { status: 409, code: 'not_applicable', message: 'Model m1 is not on Ollama.', fields: {} }); },
  }, [onOllama('m1')]);
  await env.actions.loadRoute();
  await (await env.actions.runtime()).stop('m1');
  assert.equal(env.store.getState().toasts.at(-1).error.code, 'not_applicable');
  assert.deepEqual(env.store.getState().busy, {});
});

test('actions: Deploy sends the chosen servers, name and prompt, then says the jobs started', async () => {
  let refuse = true;
  const env = setup({
    'POST /api/models/l1/deploy': (body) => {
      if (refuse) throw Object.assign(new Error('x'), { status: 422, code: 'invalid_model_name', message: 'bad name', fields: { name: { code: 'invalid', message: 'bad name' } } });
      return { model_id: 'l1', name: body.name || 'derived', jobs: body.provider_ids.map((id, i) => ({ provider_id: id, job_id: `j${i}` })) };
    },
  }, [local('l1')]);
  await env.actions.loadRoute();
  const runtime = await env.actions.runtime();
  runtime.openDeploy('l1');
  env.store.dispatch(D.setDeployServer, 'o1', true);
  env.store.dispatch(D.setDeployServer, 'o2', true);
  env.store.dispatch(D.setDeployValue, 'name', 'mine:q4');
  assert.equal(await runtime.submitDeploy(), false);
  assert.ok(env.store.getState().runtimeDialog.errors.name, 'the server’s refusal goes under the name');

  refuse = false;
  assert.equal(await runtime.submitDeploy(), true);
  assert.deepEqual(env.requests.find(([m, p]) => m === 'POST' && p.endsWith('/deploy'))[2], { provider_ids: ['o1', 'o2'], name: 'mine:q4' });
  assert.equal(env.store.getState().runtimeDialog, null);
  assert.deepEqual(B.selectBulk(env.store.getState()).notice, { kind: 'deploy', name: 'Model l1', servers: ['O1', 'O2'] });
  assert.ok(env.calls.filter(([name]) => name === 'listJobs').length >= 2, 'the new jobs are fetched');

  // A name Ollama refuses never leaves the browser.
  runtime.openDeploy('l1');
  env.store.dispatch(D.setDeployServer, 'o1', true);
  env.store.dispatch(D.setDeployValue, 'name', 'bad name!');
  const sent = env.requests.length;
  assert.equal(await runtime.submitDeploy(), false);
  assert.equal(env.requests.length, sent);
  assert.ok(env.store.getState().runtimeDialog.errors.name);
});

test('actions: bulk Start and Delete run per model and sum up; Delete asks first', async () => {
  const env = setup({
    'POST /api/models/a/start': () => ({ model_id: 'a', servers: [server('o1', 'loading')] }),
    'POST /api/models/b/start': () => { throw Object.assign(new Error('x'), { status: 409, code: 'not_applicable', message: 'no', fields: {} }); },
  }, [onOllama('a'), model('b'), model('c', { is_builtin: true })]);
  await env.actions.loadRoute();
  const runtime = await env.actions.runtime();
  env.store.dispatch(B.selectAllShown, true);
  env.store.dispatch(B.setSelected, 'c', false);
  assert.equal(await runtime.bulk('start'), false);
  let notice = B.selectBulk(env.store.getState()).notice;
  assert.deepEqual([notice.action, notice.done.map((d) => d.id), notice.failed.map((f) => [f.id, f.error.code])], ['start', ['a'], [['b', 'not_applicable']]]);
  assert.deepEqual(B.selectSelectedIds(env.store.getState()), ['b']);

  env.store.dispatch(B.setSelected, 'c', true);
  env.calls.length = 0;
  assert.equal(await runtime.bulk('delete'), true, 'the confirm dialog opens');
  assert.equal(env.calls.filter(([name]) => name === 'deleteModel').length, 0, 'nothing deleted before the confirmation');
  assert.deepEqual(env.store.getState().confirm.ids, ['b', 'c']);
  const original = env.calls;
  await env.actions.runConfirm();
  assert.deepEqual(original.filter(([name]) => name === 'deleteModel').map(([, id]) => id), ['b', 'c']);
  notice = B.selectBulk(env.store.getState()).notice;
  assert.equal(notice.done.length, 2);
  assert.equal(env.store.getState().confirm, null);
});

test('actions: a bulk action stops at a lost network and counts the rest as not done', async () => {
  const env = setup({
    'POST /api/models/a/stop': () => { throw Object.assign(new Error('x'), { status: 0, code: 'network', message: '', fields: {} }); },
  }, [onOllama('a'), onOllama('b')]);
  await env.actions.loadRoute();
  env.store.dispatch(B.selectAllShown, true);
  await (await env.actions.runtime()).bulk('stop');
  const notice = B.selectBulk(env.store.getState()).notice;
  assert.deepEqual(notice.failed.map((f) => f.id), ['a', 'b']);
  assert.equal(env.requests.filter(([, p]) => p.endsWith('/stop')).length, 1);
  assert.equal(env.store.getState().online, false);
});

test('the new strings exist in both languages', () => {
  for (const status of R.RUNTIME_STATUSES) assert.ok(`runtime.status.${status}` in I.TABLES.en);
  for (const action of B.BULK_ACTIONS) {
    for (const key of [`runtime.bulk.${action}`, `runtime.bulk.running.${action}`, `runtime.bulk.summary.${action}`]) assert.ok(key in I.TABLES.en && key in I.TABLES.fr, key);
  }
  for (const kind of ['start', 'stop']) {
    for (const key of [`runtime.servers.${kind}`, `runtime.servers.${kind}Busy`, `runtime.servers.${kind}Title`, `runtime.toast.${kind}`]) assert.ok(key in I.TABLES.en && key in I.TABLES.fr, key);
  }
  for (const field of D.DEPLOY_FIELDS) assert.ok(`runtime.deploy.field.${field}` in I.TABLES.fr);
});

test('runtime: an answer read before an event it crossed does not undo that event', () => {
  let state = R.runtimeLoaded(S.initialState(), { items: [] });
  // The job's `running` event arrives before the Start answer, which was read while loading.
  state = R.runtimeItemReceived(state, item('o1', 'qwen:0.5b', 'running', { updated_at: '2025-12-01T10:00:02.000Z', model_ids: ['m1'] }));
  state = R.modelRuntimeReceived(state, { model_id: 'l1', servers: [server('o1', 'loading', { updated_at: '2025-12-01T10:00:01.000Z' })] });
  assert.deepEqual(R.selectRuntimeSummary(state, 'l1'), { status: 'running', running: 1, total: 1, message: '' });
  assert.deepEqual(R.selectModelServers(state, 'm1')[0].model_ids.sort(), ['l1', 'm1', 'o1-m']);
  // A newer state wins as before.
  state = R.runtimeItemReceived(state, item('o1', 'qwen:0.5b', 'stopped', { updated_at: '2025-12-01T10:00:03.000Z', model_ids: ['m1', 'l1'] }));
  assert.equal(R.selectRuntimeSummary(state, 'l1').status, 'stopped');
});
