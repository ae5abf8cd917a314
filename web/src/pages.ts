// SPDX-License-Identifier: EUPL-1.2
//
// pages.ts: every page of the app, in the order of the main menu. To add one: write
// pages/NAME.ts exporting a Page (page.ts: path, title, roles, menu, render) and put it here.
// The router shows it only to the roles it names, and the menu lists it for them.

import type { Page } from './page';
import { adminPage } from './pages/admin';
import { contactPage } from './pages/contact';
import { householdPage } from './pages/household';
import { householdsPage } from './pages/households';
import { intakeNewPage, intakePage, intakeStartPage } from './pages/intake';
import { passwordPage } from './pages/password';
import { planPage } from './pages/plan';
import { signInPage } from './pages/signin';
import { startPage } from './pages/start';
import { supervisionPage } from './pages/supervision';
import { werkbakPage } from './pages/werkbak';

export const pages: Page[] = [
  signInPage,
  werkbakPage,
  contactPage,
  intakeStartPage,
  intakeNewPage,
  intakePage,
  householdsPage,
  householdPage,
  planPage,
  supervisionPage,
  adminPage,
  startPage,
  passwordPage,
];
