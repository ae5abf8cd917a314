// SPDX-License-Identifier: EUPL-1.2
//
// main.ts: the app's entry point: the progress message (shown while a request is slow, read
// out by screen readers through role=status) and the router on #app.

import { h, replace } from './dom';
import { pages } from './pages';
import { startRouter } from './router';
import { subscribe } from './state';

const app = document.getElementById('app')!;
const progress = h('div', { class: 'ep-progress', role: 'status', 'aria-live': 'polite' });
document.body.append(progress);
let busy = false;
subscribe((s) => {
  const now = s.pending > 0;
  if (now === busy) return;
  busy = now;
  replace(progress, now
    ? h('div', { class: 'utrecht-alert utrecht-alert--info' },
      h('div', { class: 'utrecht-alert__message' }, 'Bezig…'))
    : '');
});
startRouter(app, pages);
