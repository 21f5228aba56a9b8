-- Partnerships: every pairing the article names. donor_count/recipient_count
-- only where the article states a number of parties (otherwise NULL). End is
-- NULL wherever the article gives none; end_status then says whether the
-- article tells the pairing as going on ('ongoing') or does not say
-- ('unknown', with known_until the last date the article attests it), each
-- decided from the article's words (README.md, "Ends"). A group the
-- article places in named places is located there (25-locations.sql); the
-- places are not recipients beside it. The sector names the field of the
-- aid, not the kind of donor (README.md, "Sectors"); start_inferred marks a
-- start the article implies without stating it (README.md, "Dates").

-- 1996 (inferred): Shanghai asks for counterpart cooperation with Yunnan; end unknown
INSERT INTO partnerships (id, sector, donor_count, recipient_count, start_year, start_month, end_year, end_month, start_inferred, end_status, known_until_year, known_until_month, known_until_inferred, summary, source_id, quote) VALUES
  ('shanghai-yunnan-counterpart-cooperation', 'poverty_alleviation', NULL, NULL, 1996, NULL, NULL, NULL, 1,
   'unknown', 2011, 6, 1,
   'Counterpart cooperation between Shanghai and Yunnan, which the leaders in Shanghai asked the central government for; the article tells the request right after the September 1996 poverty alleviation work meeting. The year 1996 is inferred: the article dates the meeting, not the request, and the start of the cooperation only as “Since then”; it gives no month. It gives no end and does not say the cooperation goes on. The last date it ties to counterpart cooperation between the two is June 2011 (after that month''s decision on Minhang and Shangri-La, “Since then a pattern of counterpart cooperation ... has formed”), so the cooperation is known to run until then; that this is the same cooperation is read, so that date is inferred too.',
   'gpig-shanghai-yunnan-2018',
   'The leaders in Shanghai reached out to the central government and requested to establish counterpart cooperation with Yunnan');
INSERT INTO partnership_parties (partnership_id, role, position, entity_id) VALUES
  ('shanghai-yunnan-counterpart-cooperation', 'donor', 1, 'shanghai'),
  ('shanghai-yunnan-counterpart-cooperation', 'recipient', 1, 'yunnan');

-- 1996 (inferred): 12 districts and counties of Shanghai with 23 key counties; end unknown
INSERT INTO partnerships (id, sector, donor_count, recipient_count, start_year, start_month, end_year, end_month, start_inferred, end_status, known_until_year, known_until_month, known_until_inferred, summary, source_id, quote) VALUES
  ('shanghai-districts-yunnan-key-counties', 'poverty_alleviation', 12, 23, 1996, NULL, NULL, NULL, 1,
   'unknown', 1996, NULL, 1,
   'After mutual consultations, Shanghai decided to take prefectures with larger impoverished populations and heavier poverty alleviation tasks, such as Wenshan, Honghe and Simao (today Pu''er City), as important sponsor targets, and paired 12 districts and counties in Shanghai with 23 key counties of the national development-oriented poverty alleviation programme in the three prefectures. The year 1996 is inferred: the article tells the pairing right after the September 1996 meeting and Shanghai''s request, without dating it. It names neither the districts and counties nor the key counties, nor says which was paired with which. It gives no end and tells nothing of the pairing after it was made, so the pairing is known only in that year.',
   'gpig-shanghai-yunnan-2018',
   'paired 12 districts and counties in Shanghai with 23 key counties covered in the national development-oriented poverty alleviation program in the three prefectures');
INSERT INTO partnership_parties (partnership_id, role, position, entity_id) VALUES
  ('shanghai-districts-yunnan-key-counties', 'donor', 1, 'shanghai-12-districts-and-counties'),
  ('shanghai-districts-yunnan-key-counties', 'recipient', 1, 'yunnan-23-key-counties');

-- April 2004 (inferred from the decision): four Shanghai partners with three counties of Diqing; end unknown
INSERT INTO partnerships (id, sector, donor_count, recipient_count, start_year, start_month, end_year, end_month, start_inferred, end_status, known_until_year, known_until_month, known_until_inferred, summary, source_id, quote) VALUES
  ('shanghai-partners-diqing-counties', 'poverty_alleviation', NULL, 3, 2004, 4, NULL, NULL, 1,
   'unknown', 2004, 4, 1,
   'On its study and inspection tour of April 2004, the Party and Government Delegation of Shanghai decided to add Diqing Prefecture to its important sponsor targets and to arrange for Jiading District, Baoshan District, Shanghai Airlines and Shanghai Jinjiang Hotels Group to establish assistance partnerships with three counties in Diqing. The start, April 2004, is inferred: the article dates the decision, not the partnerships. It names neither the counties nor which partner took which county; the four partners are listed one by one, not counted, so no count of them is given. It gives no end and tells nothing of the partnerships after that decision, so they are known only in that month.',
   'gpig-shanghai-yunnan-2018',
   'arrange Jiading District, Baoshan District, Shanghai Airlines and Shanghai Jinjiang Hotels Group to establish assistance partnerships with three counties in Diqing Prefecture');
INSERT INTO partnership_parties (partnership_id, role, position, entity_id) VALUES
  ('shanghai-partners-diqing-counties', 'donor', 1, 'jiading-district'),
  ('shanghai-partners-diqing-counties', 'donor', 2, 'baoshan-district'),
  ('shanghai-partners-diqing-counties', 'donor', 3, 'shanghai-airlines'),
  ('shanghai-partners-diqing-counties', 'donor', 4, 'jinjiang-hotels'),
  ('shanghai-partners-diqing-counties', 'recipient', 1, 'diqing-three-counties');

-- 2006-2010: Shanghai takes on poverty alleviation for the De'ang; ended
INSERT INTO partnerships (id, sector, donor_count, recipient_count, start_year, start_month, end_year, end_month, start_inferred, end_status, known_until_year, known_until_month, known_until_inferred, summary, source_id, quote) VALUES
  ('shanghai-deang', 'ethnic_minority', NULL, NULL, 2006, NULL, 2010, NULL, 0,
   'ended', NULL, NULL, 0,
   'From 2006 to 2010, in line with the order of the State Ethnic Affairs Commission (SEAC), Shanghai undertook the poverty alleviation task for the De''ang, an ethnic minority with a small population; through SEAC''s assistance mechanism for smaller ethnic groups it gave full support to the 80 natural villages inhabited by De''ang people in Dehong, Baoshan and Lincang (the article''s Baoshan and Lincang Prefectures, today cities). The article gives the end, 2010.',
   'gpig-shanghai-yunnan-2018',
   'From 2006 to 2010, in line with the order of the State Ethnic Affairs Commission (SEAC), Shanghai actively undertook the poverty alleviation task in Deang');
INSERT INTO partnership_parties (partnership_id, role, position, entity_id) VALUES
  ('shanghai-deang', 'donor', 1, 'shanghai'),
  ('shanghai-deang', 'recipient', 1, 'deang'),
  ('shanghai-deang', 'recipient', 2, 'deang-natural-villages');

-- Since 2009: 19 Shanghai hospitals with 19 Yunnan county hospitals; ongoing
INSERT INTO partnerships (id, sector, donor_count, recipient_count, start_year, start_month, end_year, end_month, start_inferred, end_status, known_until_year, known_until_month, known_until_inferred, summary, source_id, quote) VALUES
  ('shanghai-yunnan-hospitals', 'health', 19, 19, 2009, NULL, NULL, NULL, 0,
   'ongoing', NULL, NULL, 0,
   'Since 2009, according to the requirements of the national medical reform plan and the Ministry of Health, 19 tertiary general hospitals in Shanghai have established assistance partnerships with 19 county-level hospitals in 16 prefectures of Yunnan. The article tells the partnerships as going on at its date (“Since 2009 ... have established”), so they have no end.',
   'gpig-shanghai-yunnan-2018',
   'Since 2009, according to the requirements of the national medical reform plan and the Ministry of Health, 19 tertiary general hospitals in Shanghai have established assistance partnerships with 19 county-level hospitals in 16 prefectures in Yunnan');
INSERT INTO partnership_parties (partnership_id, role, position, entity_id) VALUES
  ('shanghai-yunnan-hospitals', 'donor', 1, 'shanghai-tertiary-hospitals'),
  ('shanghai-yunnan-hospitals', 'recipient', 1, 'yunnan-county-hospitals');

-- 2001-2012: 100 Shanghai schools with 100 Yunnan schools, established in those years; end unknown
INSERT INTO partnerships (id, sector, donor_count, recipient_count, start_year, start_month, end_year, end_month, start_inferred, end_status, known_until_year, known_until_month, known_until_inferred, summary, source_id, quote) VALUES
  ('shanghai-yunnan-schools', 'education', 100, 100, 2001, NULL, NULL, NULL, 0,
   'unknown', 2012, NULL, 0,
   'From 2001 to 2012, 100 primary and middle schools in Shanghai established assistance partnerships with 100 counterparts in Yunnan. The article gives no end: those are the years in which the partnerships were established, and it does not say whether they went on after 2012, so they are known to run until then.',
   'gpig-shanghai-yunnan-2018',
   'From 2001 to 2012, 100 primary and middle schools in Shanghai established assistance partnerships with 100 counterparts in Yunnan');
INSERT INTO partnership_parties (partnership_id, role, position, entity_id) VALUES
  ('shanghai-yunnan-schools', 'donor', 1, 'shanghai-schools'),
  ('shanghai-yunnan-schools', 'recipient', 1, 'yunnan-schools');

-- June 2011 (inferred from the decision): Minhang District with Shangri-La; end unknown
INSERT INTO partnerships (id, sector, donor_count, recipient_count, start_year, start_month, end_year, end_month, start_inferred, end_status, known_until_year, known_until_month, known_until_inferred, summary, source_id, quote) VALUES
  ('minhang-shangri-la', 'poverty_alleviation', NULL, NULL, 2011, 6, NULL, NULL, 1,
   'unknown', 2011, 6, 1,
   'In June 2011, Shanghai decided to establish assistance partnerships between Minhang District (the article''s “Minghang”) and Shangri-La County in Diqing (today Shangri-La City), with the eighth batch of its pro-Yunnan work as a beginning. The start, June 2011, is inferred: the article dates the decision, not the partnerships. It gives no end and tells nothing of them after that decision, so they are known only in that month.',
   'gpig-shanghai-yunnan-2018',
   'In June 2011, Shanghai decided to establish assistance partnerships between Minghang District and Shangri-La County in Diqing');
INSERT INTO partnership_parties (partnership_id, role, position, entity_id) VALUES
  ('minhang-shangri-la', 'donor', 1, 'minhang-district'),
  ('minhang-shangri-la', 'recipient', 1, 'shangri-la');

-- 2011 (inferred): Bright Food and Shanghai Traffic & Transportation with Diqing; end unknown
INSERT INTO partnerships (id, sector, donor_count, recipient_count, start_year, start_month, end_year, end_month, start_inferred, end_status, known_until_year, known_until_month, known_until_inferred, summary, source_id, quote) VALUES
  ('shanghai-companies-diqing', 'poverty_alleviation', NULL, NULL, 2011, NULL, NULL, NULL, 1,
   'unknown', 2011, NULL, 1,
   'Under the guideline of the Shanghai municipal government, Bright Food Group and Shanghai Traffic & Transportation Group established an assistance partnership with Diqing. The article does not date it: the year 2011 is inferred from its place in the June 2011 passage, not stated, and the month is unknown. It gives no end and tells nothing more of the partnership, so it is known only in that year.',
   'gpig-shanghai-yunnan-2018',
   'Bright Food Group and Shanghai Traffic & Transportation Group established assistance partnership with Diqing');
INSERT INTO partnership_parties (partnership_id, role, position, entity_id) VALUES
  ('shanghai-companies-diqing', 'donor', 1, 'bright-food'),
  ('shanghai-companies-diqing', 'donor', 2, 'shanghai-traffic-transportation-group'),
  ('shanghai-companies-diqing', 'recipient', 1, 'diqing');
