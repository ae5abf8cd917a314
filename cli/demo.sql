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

-- Every demo user has the same known password, "welkom bij eenplan" (cmd-demo.c prints it after
-- a load; a server on a configured database refuses to start while demo users are active). The
-- hash is computed once, not at each load (600,000 PBKDF2 rounds per user would cost seconds):
--   python3 -c "import hashlib, base64; s = hashlib.sha256(b'eenplan demo salt').digest()[:16];
--     print(base64.b64encode(s), base64.b64encode(hashlib.pbkdf2_hmac('sha256',
--     b'welkom bij eenplan', s, 600000)))"
-- tests/cli/test-demo.c checks it with ep_password_verify(), so the two cannot drift apart.
INSERT INTO app_user (gemeente, username, display_name, role, partner_organisation, demo,
                      password_hash, password_changed_at)
SELECT u.*, true,
       'pbkdf2-sha256$600000$22qEts24yyV7SOMpBpAXmA==$NCcE4A0uXNoYYTkcXEnWTcAwQUjjnnMdqXZ4Bo+nLes=',
       now()
  FROM (VALUES
    ('GM0164', 'sanne.casemanager', 'Sanne de Vries', 'casemanager', NULL),
    ('GM0164', 'ahmed.casemanager', 'Ahmed El Amrani', 'casemanager', NULL),
    ('GM0164', 'marieke.regisseur', 'Marieke Jansen', 'regisseur', NULL),
    ('GM0164', 'thomas.regisseur', 'Thomas Visser', 'regisseur', NULL),
    ('GM0164', 'joost.supervisor', 'Joost Bakker', 'supervisor', NULL),
    ('GM0164', 'beheer', 'Functioneel beheer Hengelo', 'admin', NULL),
    ('GM0164', 'tactus.partner', 'Tactus Verslavingszorg', 'partner', 'Tactus'),
    ('GM0153', 'beheer', 'Functioneel beheer Enschede', 'admin', NULL),
    ('GM0153', 'lotte.casemanager', 'Lotte Smit', 'casemanager', NULL)
  ) AS u (gemeente, username, display_name, role, partner_organisation);

-- Teams (issue 18): a user belongs to one; a supervisor oversees and approves the plans whose
-- regisseur is in their team (docs/ladder.md).
INSERT INTO team (gemeente, id, naam) VALUES
  ('GM0164', '0190a000-0000-7000-8000-0000000000f1', 'Sociaal team Hengelo-Noord'),
  ('GM0153', '0190a000-0000-7000-8000-0000000000f2', 'Sociaal wijkteam Enschede-Centrum');
UPDATE app_user SET team_id = '0190a000-0000-7000-8000-0000000000f1'
 WHERE gemeente = 'GM0164' AND role IN ('casemanager', 'regisseur', 'supervisor');
UPDATE app_user SET team_id = '0190a000-0000-7000-8000-0000000000f2'
 WHERE gemeente = 'GM0153' AND role IN ('casemanager', 'regisseur', 'supervisor');

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
