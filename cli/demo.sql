-- SPDX-License-Identifier: EUPL-1.2
--
-- Demo data for a new installation, loaded by `eenplan demo load` (as the
-- schema owner) into a database without municipalities. It gives a new user a
-- living system: Hengelo with its team and vindplaatsen, and a second
-- municipality so tenant isolation can be seen. Households, contacts and
-- intakes come next, through the library with their audit events
-- (demo-stories.json, cmd-demo.c).

INSERT INTO gemeente (gemeente, naam) VALUES
  ('GM0164', 'Hengelo'),
  ('GM0153', 'Enschede');

INSERT INTO app_user (gemeente, username, display_name, role, partner_organisation, demo) VALUES
  ('GM0164', 'sanne.casemanager', 'Sanne de Vries', 'casemanager', NULL, true),
  ('GM0164', 'ahmed.casemanager', 'Ahmed El Amrani', 'casemanager', NULL, true),
  ('GM0164', 'marieke.regisseur', 'Marieke Jansen', 'regisseur', NULL, true),
  ('GM0164', 'joost.supervisor', 'Joost Bakker', 'supervisor', NULL, true),
  ('GM0164', 'beheer', 'Functioneel beheer Hengelo', 'admin', NULL, true),
  ('GM0164', 'tactus.partner', 'Tactus Verslavingszorg', 'partner', 'Tactus', true),
  ('GM0153', 'beheer', 'Functioneel beheer Enschede', 'admin', NULL, true),
  ('GM0153', 'lotte.casemanager', 'Lotte Smit', 'casemanager', NULL, true);

-- Fixed ids, so that the demo stories (demo-stories.json) can name them.
INSERT INTO vindplaats (gemeente, id, type, naam, wijk) VALUES
  ('GM0164', '0190a000-0000-7000-8000-000000000001', 'wijkteam', 'Wijkteam Hengelo-Noord', 'Noord'),
  ('GM0164', '0190a000-0000-7000-8000-000000000002', 'wijkteam', 'Wijkteam Berflo Es', 'Berflo Es'),
  ('GM0164', '0190a000-0000-7000-8000-000000000003', 'huisarts',
   'Huisartsenpraktijk De Es (POH-jeugd)', 'Berflo Es'),
  ('GM0164', '0190a000-0000-7000-8000-000000000004', 'school', 'IKC De Wilderinck', 'Hengelo-Zuid'),
  ('GM0164', '0190a000-0000-7000-8000-000000000005', 'zorgloket', 'Zorgloket stadhuis', NULL),
  ('GM0164', '0190a000-0000-7000-8000-000000000006', 'werkplein', 'Werkplein Hengelo', NULL),
  ('GM0164', '0190a000-0000-7000-8000-000000000007', 'jgz', 'Consultatiebureau Hasseler Es',
   'Hasseler Es'),
  ('GM0164', '0190a000-0000-7000-8000-000000000008', 'schuldhulp', 'Schuldhulpverlening Hengelo',
   NULL),
  ('GM0164', '0190a000-0000-7000-8000-000000000009', 'woningcorporatie', 'Welbions', NULL),
  ('GM0164', '0190a000-0000-7000-8000-00000000000a', 'telefoon', 'Telefonisch (14 074)', NULL),
  ('GM0164', '0190a000-0000-7000-8000-00000000000b', 'webformulier', 'Webformulier hulpvraag', NULL),
  ('GM0153', '0190a000-0000-7000-8000-00000000000c', 'wijkteam',
   'Sociaal wijkteam Enschede-Centrum', 'Centrum');
