-- SPDX-License-Identifier: EUPL-1.2
--
-- Demo data for a new installation, loaded by `eenplan demo load` (as the
-- schema owner) into a database without municipalities. It gives a new user a
-- living system: Hengelo with its team and vindplaatsen, and a second
-- municipality so tenant isolation can be seen. Later features add their
-- households, intakes and plans through the library, with audit events.

INSERT INTO gemeente (gemeente, naam) VALUES
  ('GM0164', 'Hengelo'),
  ('GM0153', 'Enschede');

INSERT INTO app_user (gemeente, username, display_name, role) VALUES
  ('GM0164', 'sanne.casemanager', 'Sanne de Vries', 'casemanager'),
  ('GM0164', 'ahmed.casemanager', 'Ahmed El Amrani', 'casemanager'),
  ('GM0164', 'marieke.regisseur', 'Marieke Jansen', 'regisseur'),
  ('GM0164', 'joost.supervisor', 'Joost Bakker', 'supervisor'),
  ('GM0164', 'beheer', 'Functioneel beheer Hengelo', 'admin'),
  ('GM0164', 'tactus.partner', 'Tactus Verslavingszorg', 'partner'),
  ('GM0153', 'beheer', 'Functioneel beheer Enschede', 'admin'),
  ('GM0153', 'lotte.casemanager', 'Lotte Smit', 'casemanager');

INSERT INTO vindplaats (gemeente, type, naam, wijk) VALUES
  ('GM0164', 'wijkteam', 'Wijkteam Hengelo-Noord', 'Noord'),
  ('GM0164', 'wijkteam', 'Wijkteam Berflo Es', 'Berflo Es'),
  ('GM0164', 'huisarts', 'Huisartsenpraktijk De Es (POH-jeugd)', 'Berflo Es'),
  ('GM0164', 'school', 'IKC De Wilderinck', 'Hengelo-Zuid'),
  ('GM0164', 'zorgloket', 'Zorgloket stadhuis', NULL),
  ('GM0164', 'werkplein', 'Werkplein Hengelo', NULL),
  ('GM0164', 'jgz', 'Consultatiebureau Hasseler Es', 'Hasseler Es'),
  ('GM0164', 'schuldhulp', 'Schuldhulpverlening Hengelo', NULL),
  ('GM0164', 'woningcorporatie', 'Welbions', NULL),
  ('GM0164', 'telefoon', 'Telefonisch (14 074)', NULL),
  ('GM0164', 'webformulier', 'Webformulier hulpvraag', NULL),
  ('GM0153', 'wijkteam', 'Sociaal wijkteam Enschede-Centrum', 'Centrum');
