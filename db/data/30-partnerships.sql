-- Partnerships: every pairing the article names. donor_count/recipient_count
-- only where the article states a number of parties (otherwise NULL). End is
-- NULL wherever the article does not say the pairing ended. Where a pairing
-- goes to a group whose parent is only Yunnan (or to an ethnic group), the
-- named places the article puts it in are recipients too. The sector names
-- the field of the aid, not the kind of donor (README.md, "Sectors");
-- start_inferred marks a start the article implies without stating it.

-- 1996: Shanghai asks for counterpart cooperation with Yunnan
INSERT INTO partnerships (id, sector, donor_count, recipient_count, start_year, start_month, end_year, end_month, start_inferred, summary, source_id, quote) VALUES
  ('shanghai-yunnan-counterpart-cooperation', 'poverty_alleviation', NULL, NULL, 1996, NULL, NULL, NULL, 1,
   'Counterpart cooperation between Shanghai and Yunnan, which Shanghai''s leaders asked the central government for after the September 1996 poverty alleviation work meeting. The year 1996 is inferred: the article dates the meeting and the request that follows it, not the start of the cooperation (“Since then”), and gives no month. The article does not say it ended.',
   'gpig-shanghai-yunnan-2018',
   'The leaders in Shanghai reached out to the central government and requested to establish counterpart cooperation with Yunnan');
INSERT INTO partnership_parties (partnership_id, role, position, entity_id) VALUES
  ('shanghai-yunnan-counterpart-cooperation', 'donor', 1, 'shanghai'),
  ('shanghai-yunnan-counterpart-cooperation', 'recipient', 1, 'yunnan');

-- 1996: 12 districts and counties of Shanghai with 23 key counties
INSERT INTO partnerships (id, sector, donor_count, recipient_count, start_year, start_month, end_year, end_month, start_inferred, summary, source_id, quote) VALUES
  ('shanghai-districts-yunnan-key-counties', 'poverty_alleviation', 12, 23, 1996, NULL, NULL, NULL, 1,
   'Shanghai paired 12 of its districts and counties with 23 key counties of the national development-oriented poverty alleviation programme in Wenshan, Honghe and Simao (today Pu''er City), the three prefectures it chose as main targets of support. The year 1996 is inferred: the article tells the pairing, after consultations, right after the 1996 decision without dating it. It names neither the districts and counties nor the counties, nor says which was paired with which, nor that the pairing ended.',
   'gpig-shanghai-yunnan-2018',
   'paired 12 districts and counties in Shanghai with 23 key counties covered in the national development-oriented poverty alleviation program in the three prefectures');
INSERT INTO partnership_parties (partnership_id, role, position, entity_id) VALUES
  ('shanghai-districts-yunnan-key-counties', 'donor', 1, 'shanghai-12-districts-and-counties'),
  ('shanghai-districts-yunnan-key-counties', 'recipient', 1, 'yunnan-23-key-counties'),
  ('shanghai-districts-yunnan-key-counties', 'recipient', 2, 'wenshan'),
  ('shanghai-districts-yunnan-key-counties', 'recipient', 3, 'honghe'),
  ('shanghai-districts-yunnan-key-counties', 'recipient', 4, 'puer');

-- April 2004: four Shanghai partners with three counties of Diqing
INSERT INTO partnerships (id, sector, donor_count, recipient_count, start_year, start_month, end_year, end_month, start_inferred, summary, source_id, quote) VALUES
  ('shanghai-partners-diqing-counties', 'poverty_alleviation', NULL, 3, 2004, 4, NULL, NULL, 0,
   'During its April 2004 tour, the Shanghai delegation added Diqing to Shanghai''s main targets of support and arranged for Jiading District, Baoshan District, Shanghai Airlines and Shanghai Jinjiang Hotels Group to partner three counties of Diqing. The start is the month of that decision. The article does not name the counties or say which partner took which county; the four donors are listed one by one, not counted, so donor_count is empty.',
   'gpig-shanghai-yunnan-2018',
   'arrange Jiading District, Baoshan District, Shanghai Airlines and Shanghai Jinjiang Hotels Group to establish assistance partnerships with three counties in Diqing Prefecture');
INSERT INTO partnership_parties (partnership_id, role, position, entity_id) VALUES
  ('shanghai-partners-diqing-counties', 'donor', 1, 'jiading-district'),
  ('shanghai-partners-diqing-counties', 'donor', 2, 'baoshan-district'),
  ('shanghai-partners-diqing-counties', 'donor', 3, 'shanghai-airlines'),
  ('shanghai-partners-diqing-counties', 'donor', 4, 'jinjiang-hotels'),
  ('shanghai-partners-diqing-counties', 'recipient', 1, 'diqing-three-counties');

-- 2006-2010: Shanghai takes on poverty alleviation for the De'ang
INSERT INTO partnerships (id, sector, donor_count, recipient_count, start_year, start_month, end_year, end_month, start_inferred, summary, source_id, quote) VALUES
  ('shanghai-deang', 'ethnic_minority', NULL, NULL, 2006, NULL, 2010, NULL, 0,
   'On the order of the State Ethnic Affairs Commission (SEAC), Shanghai took on poverty alleviation for the De''ang, a small ethnic minority, supporting the 80 natural villages where De''ang people live in Dehong, Baoshan and Lincang (the article''s Baoshan and Lincang Prefectures, today cities).',
   'gpig-shanghai-yunnan-2018',
   'From 2006 to 2010, in line with the order of the State Ethnic Affairs Commission (SEAC), Shanghai actively undertook the poverty alleviation task in Deang');
INSERT INTO partnership_parties (partnership_id, role, position, entity_id) VALUES
  ('shanghai-deang', 'donor', 1, 'shanghai'),
  ('shanghai-deang', 'recipient', 1, 'deang'),
  ('shanghai-deang', 'recipient', 2, 'deang-natural-villages'),
  ('shanghai-deang', 'recipient', 3, 'dehong'),
  ('shanghai-deang', 'recipient', 4, 'baoshan-city'),
  ('shanghai-deang', 'recipient', 5, 'lincang');

-- Since 2009: 19 Shanghai hospitals with 19 Yunnan county hospitals
INSERT INTO partnerships (id, sector, donor_count, recipient_count, start_year, start_month, end_year, end_month, start_inferred, summary, source_id, quote) VALUES
  ('shanghai-yunnan-hospitals', 'health', 19, 19, 2009, NULL, NULL, NULL, 0,
   'Following the national medical reform plan and the Ministry of Health''s requirements, 19 tertiary general hospitals in Shanghai have partnered 19 county-level hospitals spread over 16 prefectures of Yunnan. Ongoing in the article, so no end.',
   'gpig-shanghai-yunnan-2018',
   'Since 2009, according to the requirements of the national medical reform plan and the Ministry of Health, 19 tertiary general hospitals in Shanghai have established assistance partnerships with 19 county-level hospitals in 16 prefectures in Yunnan');
INSERT INTO partnership_parties (partnership_id, role, position, entity_id) VALUES
  ('shanghai-yunnan-hospitals', 'donor', 1, 'shanghai-tertiary-hospitals'),
  ('shanghai-yunnan-hospitals', 'recipient', 1, 'yunnan-county-hospitals');

-- 2001-2012: 100 Shanghai schools with 100 Yunnan schools
INSERT INTO partnerships (id, sector, donor_count, recipient_count, start_year, start_month, end_year, end_month, start_inferred, summary, source_id, quote) VALUES
  ('shanghai-yunnan-schools', 'education', 100, 100, 2001, NULL, 2012, NULL, 0,
   '100 primary and middle schools in Shanghai partnered 100 counterpart schools in Yunnan from 2001 to 2012.',
   'gpig-shanghai-yunnan-2018',
   'From 2001 to 2012, 100 primary and middle schools in Shanghai established assistance partnerships with 100 counterparts in Yunnan');
INSERT INTO partnership_parties (partnership_id, role, position, entity_id) VALUES
  ('shanghai-yunnan-schools', 'donor', 1, 'shanghai-schools'),
  ('shanghai-yunnan-schools', 'recipient', 1, 'yunnan-schools');

-- June 2011: Minhang District with Shangri-La
INSERT INTO partnerships (id, sector, donor_count, recipient_count, start_year, start_month, end_year, end_month, start_inferred, summary, source_id, quote) VALUES
  ('minhang-shangri-la', 'poverty_alleviation', NULL, NULL, 2011, 6, NULL, NULL, 0,
   'Shanghai decided in June 2011 to pair Minhang District (the article''s “Minghang”) with Shangri-La County in Diqing (today Shangri-La City), beginning with the eighth batch of its pro-Yunnan work. The start is the month of the decision.',
   'gpig-shanghai-yunnan-2018',
   'In June 2011, Shanghai decided to establish assistance partnerships between Minghang District and Shangri-La County in Diqing');
INSERT INTO partnership_parties (partnership_id, role, position, entity_id) VALUES
  ('minhang-shangri-la', 'donor', 1, 'minhang-district'),
  ('minhang-shangri-la', 'recipient', 1, 'shangri-la');

-- 2011 (year inferred): Bright Food and Shanghai Traffic & Transportation with Diqing
INSERT INTO partnerships (id, sector, donor_count, recipient_count, start_year, start_month, end_year, end_month, start_inferred, summary, source_id, quote) VALUES
  ('shanghai-companies-diqing', 'poverty_alleviation', NULL, NULL, 2011, NULL, NULL, NULL, 1,
   'Under the guidance of the Shanghai municipal government, Bright Food Group and Shanghai Traffic & Transportation Group set up an assistance partnership with Diqing. The article does not date it: the year 2011 is inferred from its place in the June 2011 passage, not stated, and the month is unknown.',
   'gpig-shanghai-yunnan-2018',
   'Bright Food Group and Shanghai Traffic & Transportation Group established assistance partnership with Diqing');
INSERT INTO partnership_parties (partnership_id, role, position, entity_id) VALUES
  ('shanghai-companies-diqing', 'donor', 1, 'bright-food'),
  ('shanghai-companies-diqing', 'donor', 2, 'shanghai-traffic-transportation-group'),
  ('shanghai-companies-diqing', 'recipient', 1, 'diqing');
