// SPDX-License-Identifier: EUPL-1.2
//
// pages.ts: every page of the app, in the order of the main menu. To add one: write
// pages/NAME.ts exporting a Page (page.ts: path, title, roles, menu, render) and put it here.
// The router shows it only to the roles it names, and the menu lists it for them.

import type { Page } from './page';
import { contactPage } from './pages/contact';
import { intakeNewPage, intakePage, intakeStartPage } from './pages/intake';
import { signInPage } from './pages/signin';
import { startPage } from './pages/start';
import { werkbakPage } from './pages/werkbak';

export const pages: Page[] = [
  signInPage,
  werkbakPage,
  contactPage,
  intakeStartPage,
  intakeNewPage,
  intakePage,
  startPage,
];
