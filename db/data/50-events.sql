-- Events: the article's timeline, in the article's order. start_inferred and
-- end_inferred mark dates the article implies without stating them. For
-- each event:
-- the event row, its entities (ordered), its figures (every quantity the
-- passage states; ordinals and numbers inside names are not figures; money is
-- a funding row, linked below), and the partnerships and funding it concerns.
-- A point in time has end = start; end_year is NULL only where the article
-- gives no end, and end_status then says why (README.md, "Ends"). A decade
-- is 1960 to 1969 with precision 'decade'.

-- 1960s: Third Front relocation of Shanghai enterprises
INSERT INTO events (id, start_year, start_month, end_year, end_month, precision, title, summary, category, source_id, quote) VALUES
  ('1960s-third-front-relocation', 1960, NULL, 1969, NULL, 'decade',
   'Shanghai enterprises relocated in the Third Front form new industries in Yunnan',
   'In the 1960s, many light textile and machinery enterprises from Shanghai were relocated as part of the Third Front Movement, forming a host of new industrial programmes in Yunnan. The article dates this only to the decade.',
   'industry', 'gpig-shanghai-yunnan-2018',
   'In the 1960s, many light textile and machinery enterprises from Shanghai were relocated as part of the Third Front Movement, forming a host of new industrial programs in Yunnan.');
INSERT INTO event_entities (event_id, position, entity_id) VALUES
  ('1960s-third-front-relocation', 1, 'third-front-enterprises'),
  ('1960s-third-front-relocation', 2, 'third-front-movement'),
  ('1960s-third-front-relocation', 3, 'shanghai'),
  ('1960s-third-front-relocation', 4, 'yunnan');

-- End of the 1960s: thousands of educated youths go to Yunnan
INSERT INTO events (id, start_year, start_month, end_year, end_month, precision, title, summary, category, source_id, quote) VALUES
  ('1960s-educated-youths-to-yunnan', 1960, NULL, 1969, NULL, 'decade',
   'Educated youths from Shanghai go to Yunnan',
   'At the end of the decade (the article says only “the end of the 1960s”, so the event spans the decade), thousands of educated youths in Shanghai went to Yunnan, and many of them became the backbone of economic and social development of both provinces. “Thousands” is modelled as a lower bound of 2,000.',
   'migration', 'gpig-shanghai-yunnan-2018',
   'At the end of the 1960s, thousands of educated youths in Shanghai went to Yunnan');
INSERT INTO event_entities (event_id, position, entity_id) VALUES
  ('1960s-educated-youths-to-yunnan', 1, 'educated-youths'),
  ('1960s-educated-youths-to-yunnan', 2, 'shanghai'),
  ('1960s-educated-youths-to-yunnan', 3, 'yunnan');
INSERT INTO event_figures (event_id, position, label, value, unit, bound) VALUES
  ('1960s-educated-youths-to-yunnan', 1, 'educated youths who went to Yunnan (“thousands”)', 2000, 'people', 'at_least');

-- September 1996: the work meeting, and Shanghai's request to partner Yunnan
INSERT INTO events (id, start_year, start_month, end_year, end_month, precision, title, summary, category, source_id, quote) VALUES
  ('1996-09-east-west-cooperation-and-shanghai-request', 1996, 9, 1996, 9, 'month',
   'Work meeting backs east–west cooperation; Shanghai asks to partner Yunnan',
   'In September 1996, in line with the main goals of the Seven-Year Priority Poverty Alleviation Program, the Development-Oriented Poverty Alleviation Work Meeting decided to establish a mechanism to reduce poverty by promoting cooperation between east and west. The leaders in Shanghai reached out to the central government and asked for counterpart cooperation with Yunnan; since then, the article says, the long-term friendly cooperation between the two areas has entered a new historical stage. The request is told right after the meeting without a date of its own; the event carries the meeting''s month.',
   'policy', 'gpig-shanghai-yunnan-2018',
   'In September 1996, in line with the main goals of the Seven-Year Priority Poverty Alleviation Program, the Development-Oriented Poverty Alleviation Work Meeting decided to establish a mechanism to reduce poverty by promoting east-and-west cooperation. The leaders in Shanghai reached out to the central government and requested to establish counterpart cooperation with Yunnan.');
INSERT INTO event_entities (event_id, position, entity_id) VALUES
  ('1996-09-east-west-cooperation-and-shanghai-request', 1, 'poverty-alleviation-work-meeting'),
  ('1996-09-east-west-cooperation-and-shanghai-request', 2, 'seven-year-program'),
  ('1996-09-east-west-cooperation-and-shanghai-request', 3, 'shanghai'),
  ('1996-09-east-west-cooperation-and-shanghai-request', 4, 'central-government'),
  ('1996-09-east-west-cooperation-and-shanghai-request', 5, 'yunnan');
INSERT INTO event_partnerships (event_id, partnership_id) VALUES
  ('1996-09-east-west-cooperation-and-shanghai-request', 'shanghai-yunnan-counterpart-cooperation');

-- 1996 (inferred): three prefectures chosen; 12 districts and counties paired with 23 key counties
INSERT INTO events (id, start_year, start_month, end_year, end_month, start_inferred, end_inferred, precision, title, summary, category, source_id, quote) VALUES
  ('1996-districts-paired-with-key-counties', 1996, NULL, 1996, NULL, 1, 1, 'year',
   'Shanghai pairs 12 districts and counties with 23 key counties',
   'After mutual consultations, Shanghai decided to take prefectures with larger impoverished populations and heavier poverty alleviation tasks, such as Wenshan, Honghe and Simao (today Pu''er City), as important sponsor targets, and paired 12 districts and counties in Shanghai with 23 key counties of the national development-oriented poverty alleviation programme in the three prefectures. The article gives no date; 1996 is inferred because the pairing is told right after the September 1996 meeting and Shanghai''s request.',
   'partnership', 'gpig-shanghai-yunnan-2018',
   'After mutual consultations, Shanghai decided to take prefectures with larger impoverished population and heavier development-oriented poverty alleviation tasks, such as Wenshan Prefecture, Honghe Prefecture, and Simao Prefecture (nowadays Puer City) as important sponsor targets, and paired 12 districts and counties in Shanghai with 23 key counties covered in the national development-oriented poverty alleviation program in the three prefectures.');
INSERT INTO event_entities (event_id, position, entity_id) VALUES
  ('1996-districts-paired-with-key-counties', 1, 'shanghai'),
  ('1996-districts-paired-with-key-counties', 2, 'wenshan'),
  ('1996-districts-paired-with-key-counties', 3, 'honghe'),
  ('1996-districts-paired-with-key-counties', 4, 'puer'),
  ('1996-districts-paired-with-key-counties', 5, 'shanghai-12-districts-and-counties'),
  ('1996-districts-paired-with-key-counties', 6, 'yunnan-23-key-counties'),
  ('1996-districts-paired-with-key-counties', 7, 'national-poverty-alleviation-program');
INSERT INTO event_figures (event_id, position, label, value, unit, bound) VALUES
  ('1996-districts-paired-with-key-counties', 1, 'Shanghai districts and counties paired', 12, 'districts and counties', 'exact'),
  ('1996-districts-paired-with-key-counties', 2, 'key counties paired', 23, 'counties', 'exact'),
  ('1996-districts-paired-with-key-counties', 3, 'prefectures holding the key counties', 3, 'prefectures', 'exact');
INSERT INTO event_partnerships (event_id, partnership_id) VALUES
  ('1996-districts-paired-with-key-counties', 'shanghai-districts-yunnan-key-counties');

-- July 1997: the first batch of 13 cadres
INSERT INTO events (id, start_year, start_month, end_year, end_month, precision, title, summary, category, source_id, quote) VALUES
  ('1997-07-first-batch-of-cadres', 1997, 7, 1997, 7, 'month',
   'First batch of 13 Shanghai cadres sent to Yunnan',
   'In July 1997 Shanghai began its pro-Yunnan programme by sending a first batch of 13 cadres to Yunnan to work on poverty alleviation in Wenshan, Honghe and Simao (the article''s “Simiao”, today Pu''er City).',
   'personnel', 'gpig-shanghai-yunnan-2018',
   'In July 1997, Shanghai initiated the pro-Yunnan program bu sending the first batch of 13 cadres to Yunnan to carry out poverty alleviation work in Wenshan, Honghe and Simiao.');
INSERT INTO event_entities (event_id, position, entity_id) VALUES
  ('1997-07-first-batch-of-cadres', 1, 'aid-cadres'),
  ('1997-07-first-batch-of-cadres', 2, 'shanghai'),
  ('1997-07-first-batch-of-cadres', 3, 'pro-yunnan-program'),
  ('1997-07-first-batch-of-cadres', 4, 'yunnan'),
  ('1997-07-first-batch-of-cadres', 5, 'wenshan'),
  ('1997-07-first-batch-of-cadres', 6, 'honghe'),
  ('1997-07-first-batch-of-cadres', 7, 'puer');
INSERT INTO event_figures (event_id, position, label, value, unit, bound) VALUES
  ('1997-07-first-batch-of-cadres', 1, 'cadres in the first batch', 13, 'cadres', 'exact');

-- 1998: the first 44 decent-life pilot village projects
INSERT INTO events (id, start_year, start_month, end_year, end_month, precision, title, summary, category, source_id, quote) VALUES
  ('1998-pilot-villages-launched', 1998, NULL, 1998, NULL, 'year',
   'First 44 decent-life pilot village projects launched',
   'After in-depth investigations made with the support of local authorities, the group of cadres sent to aid Yunnan put forward the idea of decent-life pilot village projects (the article does not date the proposal). In 1998 the first batch of 44 such projects was launched in 22 counties in Wenshan, Honghe and Simao (Pu''er), involving 9,664 people in 2,055 households, among whom those from ethnic minorities such as the Miao, Zhuang, Yi, Wa, Hani and Lahu formed the majority.',
   'projects', 'gpig-shanghai-yunnan-2018',
   'In 1998, the first batch of 44 “decent-life pilot village” projects were launched in 22 counties in Wenshan, Honghe and Simao, involving 9,664 people in 2,055 households, among whom those from ethnic minorities such as Miao, Zhuang, Yi, Wa, Hani and Lahu formed the majority.');
INSERT INTO event_entities (event_id, position, entity_id) VALUES
  ('1998-pilot-villages-launched', 1, 'decent-life-pilot-villages'),
  ('1998-pilot-villages-launched', 2, 'pilot-villages-1998'),
  ('1998-pilot-villages-launched', 3, 'aid-cadres'),
  ('1998-pilot-villages-launched', 4, 'wenshan'),
  ('1998-pilot-villages-launched', 5, 'honghe'),
  ('1998-pilot-villages-launched', 6, 'puer'),
  ('1998-pilot-villages-launched', 7, 'miao'),
  ('1998-pilot-villages-launched', 8, 'zhuang'),
  ('1998-pilot-villages-launched', 9, 'yi'),
  ('1998-pilot-villages-launched', 10, 'wa'),
  ('1998-pilot-villages-launched', 11, 'hani'),
  ('1998-pilot-villages-launched', 12, 'lahu');
INSERT INTO event_figures (event_id, position, label, value, unit, bound) VALUES
  ('1998-pilot-villages-launched', 1, 'pilot village projects in the first batch', 44, 'projects', 'exact'),
  ('1998-pilot-villages-launched', 2, 'counties with pilot villages', 22, 'counties', 'exact'),
  ('1998-pilot-villages-launched', 3, 'people involved', 9664, 'people', 'exact'),
  ('1998-pilot-villages-launched', 4, 'households involved', 2055, 'households', 'exact');

-- 1998: 6.6 million of aid, 1,763 mu of terraces, 44 villages out of poverty
INSERT INTO events (id, start_year, start_month, end_year, end_month, precision, title, summary, category, source_id, quote) VALUES
  ('1998-pilot-villages-out-of-poverty', 1998, NULL, 1998, NULL, 'year',
   'Yunnan uses 6.6 million of Shanghai aid; the 44 pilot villages leave poverty',
   'In the same year, by integrating 6.6 million of financial aid from Shanghai (no currency in the article; taken as yuan) with local resources, Yunnan turned hillsides into 1,763 mu of terraced fields, built a batch of hope schools, village clinics and activity rooms, and developed agricultural products and processing units. Under those efforts the 44 pilot villages were lifted out of poverty.',
   'projects', 'gpig-shanghai-yunnan-2018',
   'In the same year, by integrating the 6.6 million of financial aid from Shanghai with local resources, Yunan turned hillsides into 1,763 mu terraced fields; built a batch of hope schools, village clinics and activity rooms; and developed agricultural products and processing units. Under those efforts, the 44 pilot villages were lifted out of poverty.');
INSERT INTO event_entities (event_id, position, entity_id) VALUES
  ('1998-pilot-villages-out-of-poverty', 1, 'pilot-villages-1998'),
  ('1998-pilot-villages-out-of-poverty', 2, 'shanghai'),
  ('1998-pilot-villages-out-of-poverty', 3, 'yunnan');
INSERT INTO event_figures (event_id, position, label, value, unit, bound) VALUES
  ('1998-pilot-villages-out-of-poverty', 1, 'hillside turned into terraced fields', 1763, 'mu', 'exact'),
  ('1998-pilot-villages-out-of-poverty', 2, 'pilot villages lifted out of poverty', 44, 'villages', 'exact');
INSERT INTO event_funding (event_id, funding_id) VALUES
  ('1998-pilot-villages-out-of-poverty', 'pilot-villages-aid-1998');

-- April 1999: the pilot programme promoted across Yunnan
-- (the undated "Later ... 7+8 pilot villages" passage is told in the summary)
INSERT INTO events (id, start_year, start_month, end_year, end_month, precision, title, summary, category, source_id, quote) VALUES
  ('1999-04-pilot-programme-across-yunnan', 1999, 4, 1999, 4, 'month',
   'Decent-life pilot village programme extended to all of Yunnan',
   'In April 1999 the pilot programme for villages with a decent life proposed by Shanghai was promoted in the whole of Yunnan. Undated in the article (“Later”), Yunnan and Shanghai also began to carry out programmes of building “7+8” pilot villages with a decent life and comfortable housing, forming a progressive anti-poverty model of mutual assistance; and this exploration and practice, the article says, provided real cases for the research that went into drafting the Outline for Poverty Alleviation and Development of China''s Rural Areas, on promoting whole village advancement as an important aspect of the national programme. Neither of these is dated here.',
   'policy', 'gpig-shanghai-yunnan-2018',
   'In April 1999, the pilot program for villages with a decent life proposed by Shanghai was promoted in the whole Yunnan.');
INSERT INTO event_entities (event_id, position, entity_id) VALUES
  ('1999-04-pilot-programme-across-yunnan', 1, 'decent-life-pilot-villages'),
  ('1999-04-pilot-programme-across-yunnan', 2, 'yunnan'),
  ('1999-04-pilot-programme-across-yunnan', 3, 'shanghai'),
  ('1999-04-pilot-programme-across-yunnan', 4, 'seven-plus-eight-pilot-villages'),
  ('1999-04-pilot-programme-across-yunnan', 5, 'rural-poverty-outline'),
  ('1999-04-pilot-programme-across-yunnan', 6, 'whole-village-advancement'),
  ('1999-04-pilot-programme-across-yunnan', 7, 'national-poverty-alleviation-program');

-- April 2004: the Shanghai delegation's tour, 80 million yuan, Diqing added
INSERT INTO events (id, start_year, start_month, end_year, end_month, precision, title, summary, category, source_id, quote) VALUES
  ('2004-04-shanghai-delegation-tour', 2004, 4, 2004, 4, 'month',
   'Shanghai delegation tours Yunnan, donates 80 million yuan and decides to add Diqing',
   'In April 2004 the Party and Government Delegation of Shanghai made a study and inspection tour of Yunnan. On that tour, on behalf of Shanghai, it donated 80 million yuan to support Yunnan''s Fight against Abject Poverty, and decided to add Diqing Prefecture to its important sponsor targets and to arrange for Jiading District, Baoshan District, Shanghai Airlines and Shanghai Jinjiang Hotels Group to establish assistance partnerships with three counties in Diqing. The article names neither the counties nor which partner took which.',
   'partnership', 'gpig-shanghai-yunnan-2018',
   'In April 2004, the Party and Government Delegation of Shanghai arranged a study and inspection tour to Yunnan. On that tour, the delegation, on behalf of Shanghai, donated 80 million yuan to support Yunnan’s Fight against Abject Poverty, and decided to add Diqing Prefecture to its important sponsor targets and arrange Jiading District, Baoshan District, Shanghai Airlines and Shanghai Jinjiang Hotels Group to establish assistance partnerships with three counties in Diqing Prefecture.');
INSERT INTO event_entities (event_id, position, entity_id) VALUES
  ('2004-04-shanghai-delegation-tour', 1, 'shanghai-delegation'),
  ('2004-04-shanghai-delegation-tour', 2, 'shanghai'),
  ('2004-04-shanghai-delegation-tour', 3, 'yunnan'),
  ('2004-04-shanghai-delegation-tour', 4, 'fight-against-abject-poverty'),
  ('2004-04-shanghai-delegation-tour', 5, 'diqing'),
  ('2004-04-shanghai-delegation-tour', 6, 'jiading-district'),
  ('2004-04-shanghai-delegation-tour', 7, 'baoshan-district'),
  ('2004-04-shanghai-delegation-tour', 8, 'shanghai-airlines'),
  ('2004-04-shanghai-delegation-tour', 9, 'jinjiang-hotels'),
  ('2004-04-shanghai-delegation-tour', 10, 'diqing-three-counties');
INSERT INTO event_figures (event_id, position, label, value, unit, bound) VALUES
  ('2004-04-shanghai-delegation-tour', 1, 'Diqing counties paired', 3, 'counties', 'exact');
INSERT INTO event_partnerships (event_id, partnership_id) VALUES
  ('2004-04-shanghai-delegation-tour', 'shanghai-partners-diqing-counties');
INSERT INTO event_funding (event_id, funding_id) VALUES
  ('2004-04-shanghai-delegation-tour', 'delegation-donation-2004');

-- 2006-2010: the De'ang task (the honour at the 5th national conference is undated)
INSERT INTO events (id, start_year, start_month, end_year, end_month, precision, title, summary, category, source_id, quote) VALUES
  ('2006-2010-deang-poverty-alleviation', 2006, NULL, 2010, NULL, 'year',
   'Shanghai takes on poverty alleviation for the De''ang',
   'From 2006 to 2010, in line with the order of the State Ethnic Affairs Commission (SEAC), Shanghai undertook the poverty alleviation task for the De''ang, an ethnic minority with a small population. Through SEAC''s assistance mechanism for smaller ethnic groups, Shanghai invested 33.64 million yuan to give full support to the 80 natural villages inhabited by De''ang people in Dehong, Baoshan and Lincang. Those efforts lifted 19,700 De''ang people out of poverty and were honoured at the 5th national conference to award model institutions and individuals excelling in promoting ethnic unity and progress; the article does not date the honour.',
   'ethnic_minority', 'gpig-shanghai-yunnan-2018',
   'From 2006 to 2010, in line with the order of the State Ethnic Affairs Commission (SEAC), Shanghai actively undertook the poverty alleviation task in Deang, an ethnic minority with a small population. Through SEAC’s assistance mechanism for smaller ethnic groups, Shanghai invested 33.64 million yuan to give full support to the 80 natural villages inhabited by Deang people in Dehong Prefecture, Baoshan Prefecture and Lincang Prefecture in Yunnan. Those efforts, which lifted 19,700 Deang people out of poverty, were honored in the 5th national conference to award model institutions and individuals excelling in promoting ethnic unity and progress.');
INSERT INTO event_entities (event_id, position, entity_id) VALUES
  ('2006-2010-deang-poverty-alleviation', 1, 'shanghai'),
  ('2006-2010-deang-poverty-alleviation', 2, 'deang'),
  ('2006-2010-deang-poverty-alleviation', 3, 'national-ethnic-affairs-commission'),
  ('2006-2010-deang-poverty-alleviation', 4, 'smaller-ethnic-groups-mechanism'),
  ('2006-2010-deang-poverty-alleviation', 5, 'deang-natural-villages'),
  ('2006-2010-deang-poverty-alleviation', 6, 'dehong'),
  ('2006-2010-deang-poverty-alleviation', 7, 'baoshan-city'),
  ('2006-2010-deang-poverty-alleviation', 8, 'lincang'),
  ('2006-2010-deang-poverty-alleviation', 9, 'yunnan'),
  ('2006-2010-deang-poverty-alleviation', 10, 'ethnic-unity-conference');
INSERT INTO event_figures (event_id, position, label, value, unit, bound) VALUES
  ('2006-2010-deang-poverty-alleviation', 1, 'De''ang natural villages supported', 80, 'villages', 'exact'),
  ('2006-2010-deang-poverty-alleviation', 2, 'De''ang people lifted out of poverty', 19700, 'people', 'exact');
INSERT INTO event_partnerships (event_id, partnership_id) VALUES
  ('2006-2010-deang-poverty-alleviation', 'shanghai-deang');
INSERT INTO event_funding (event_id, funding_id) VALUES
  ('2006-2010-deang-poverty-alleviation', 'deang-aid-2006-2010');

-- Since 2009: hospital partnerships (ongoing)
INSERT INTO events (id, start_year, start_month, end_year, end_month, end_status, precision, title, summary, category, source_id, quote) VALUES
  ('2009-hospital-partnerships', 2009, NULL, NULL, NULL, 'ongoing', 'year',
   '19 Shanghai hospitals partner 19 Yunnan county hospitals',
   'Since 2009, according to the requirements of the national medical reform plan and the Ministry of Health, 19 tertiary general hospitals in Shanghai have established assistance partnerships with 19 county-level hospitals in 16 prefectures of Yunnan. The article tells the partnerships as going on at its date (“Since 2009 ... have established”), so there is no end.',
   'health', 'gpig-shanghai-yunnan-2018',
   'Since 2009, according to the requirements of the national medical reform plan and the Ministry of Health, 19 tertiary general hospitals in Shanghai have established assistance partnerships with 19 county-level hospitals in 16 prefectures in Yunnan.');
INSERT INTO event_entities (event_id, position, entity_id) VALUES
  ('2009-hospital-partnerships', 1, 'shanghai-tertiary-hospitals'),
  ('2009-hospital-partnerships', 2, 'yunnan-county-hospitals'),
  ('2009-hospital-partnerships', 3, 'medical-reform-plan'),
  ('2009-hospital-partnerships', 4, 'ministry-of-health'),
  ('2009-hospital-partnerships', 5, 'shanghai'),
  ('2009-hospital-partnerships', 6, 'yunnan');
INSERT INTO event_figures (event_id, position, label, value, unit, bound) VALUES
  ('2009-hospital-partnerships', 1, 'Shanghai tertiary general hospitals', 19, 'hospitals', 'exact'),
  ('2009-hospital-partnerships', 2, 'Yunnan county-level hospitals', 19, 'hospitals', 'exact'),
  ('2009-hospital-partnerships', 3, 'Yunnan prefectures of the county-level hospitals', 16, 'prefectures', 'exact');
INSERT INTO event_partnerships (event_id, partnership_id) VALUES
  ('2009-hospital-partnerships', 'shanghai-yunnan-hospitals');

-- 2001-2012: school partnerships and 960 teachers
INSERT INTO events (id, start_year, start_month, end_year, end_month, precision, title, summary, category, source_id, quote) VALUES
  ('2001-2012-school-partnerships', 2001, NULL, 2012, NULL, 'year',
   '100 Shanghai schools partner 100 Yunnan schools; 960 teachers sent',
   'From 2001 to 2012, 100 primary and middle schools in Shanghai established assistance partnerships with 100 counterparts in Yunnan. The article adds that a total of 960 excellent teachers were sent to Yunnan in ten batches to support education there, but does not date them: the years of this event are those of the school partnerships, not of the teachers.',
   'education', 'gpig-shanghai-yunnan-2018',
   'From 2001 to 2012, 100 primary and middle schools in Shanghai established assistance partnerships with 100 counterparts in Yunnan. A total of 960 excellent teachers were sent to Yunnan to support the education in ten batches.');
INSERT INTO event_entities (event_id, position, entity_id) VALUES
  ('2001-2012-school-partnerships', 1, 'shanghai-schools'),
  ('2001-2012-school-partnerships', 2, 'yunnan-schools'),
  ('2001-2012-school-partnerships', 3, 'shanghai'),
  ('2001-2012-school-partnerships', 4, 'yunnan');
INSERT INTO event_figures (event_id, position, label, value, unit, bound) VALUES
  ('2001-2012-school-partnerships', 1, 'Shanghai primary and middle schools', 100, 'schools', 'exact'),
  ('2001-2012-school-partnerships', 2, 'Yunnan counterpart schools', 100, 'schools', 'exact'),
  ('2001-2012-school-partnerships', 3, 'teachers sent to Yunnan', 960, 'teachers', 'exact'),
  ('2001-2012-school-partnerships', 4, 'batches of teachers', 10, 'batches', 'exact');
INSERT INTO event_partnerships (event_id, partnership_id) VALUES
  ('2001-2012-school-partnerships', 'shanghai-yunnan-schools');

-- June 2011: Minhang with Shangri-La; "three prefectures helping three counties";
-- Bright Food and Shanghai Traffic & Transportation with Diqing
INSERT INTO events (id, start_year, start_month, end_year, end_month, precision, title, summary, category, source_id, quote) VALUES
  ('2011-06-minhang-shangri-la-and-diqing-partners', 2011, 6, 2011, 6, 'month',
   'Shanghai decides to pair Minhang District with Shangri-La; two enterprises partner Diqing',
   'In June 2011 Shanghai decided to establish assistance partnerships between Minhang District (the article''s “Minghang”) and Shangri-La County in Diqing (today Shangri-La City), with the eighth batch of its pro-Yunnan work as a beginning. Since then, the article says, a pattern of counterpart cooperation characterized by “three prefectures helping three counties” has formed; it does not say which prefectures and counties the phrase means. Under the guideline of the Shanghai municipal government, Bright Food Group and Shanghai Traffic & Transportation Group also established an assistance partnership with Diqing; the article does not date that partnership, which is kept here only because it is told in this passage.',
   'partnership', 'gpig-shanghai-yunnan-2018',
   'In June 2011, Shanghai decided to establish assistance partnerships between Minghang District and Shangri-La County in Diqing, with the eighth batch of pro-Yunnan work as a beginning. Since then a pattern of counterpart cooperation characterized by “three prefectures helping three counties” has formed. Besides, under the guideline of the Shanghai municipal government, Bright Food Group and Shanghai Traffic & Transportation Group established assistance partnership with Diqing.');
INSERT INTO event_entities (event_id, position, entity_id) VALUES
  ('2011-06-minhang-shangri-la-and-diqing-partners', 1, 'shanghai'),
  ('2011-06-minhang-shangri-la-and-diqing-partners', 2, 'minhang-district'),
  ('2011-06-minhang-shangri-la-and-diqing-partners', 3, 'shangri-la'),
  ('2011-06-minhang-shangri-la-and-diqing-partners', 4, 'diqing'),
  ('2011-06-minhang-shangri-la-and-diqing-partners', 5, 'pro-yunnan-program'),
  ('2011-06-minhang-shangri-la-and-diqing-partners', 6, 'shanghai-municipal-government'),
  ('2011-06-minhang-shangri-la-and-diqing-partners', 7, 'bright-food'),
  ('2011-06-minhang-shangri-la-and-diqing-partners', 8, 'shanghai-traffic-transportation-group');
INSERT INTO event_partnerships (event_id, partnership_id) VALUES
  ('2011-06-minhang-shangri-la-and-diqing-partners', 'minhang-shangri-la'),
  ('2011-06-minhang-shangri-la-and-diqing-partners', 'shanghai-companies-diqing');

-- By the end of June 2011: the running total (a point in time)
INSERT INTO events (id, start_year, start_month, end_year, end_month, precision, title, summary, category, source_id, quote) VALUES
  ('2011-06-aid-total', 2011, 6, 2011, 6, 'month',
   'Shanghai''s aid passes 1.981 billion by June 2011',
   'By the end of June 2011, in accordance with the unified deployment and requirement of the central government, Shanghai had accumulatively provided more than 1.981 billion of financial aid (no currency in the article; taken as yuan) to 26 counties, and areas inhabited by the De''ang and Derung (Dulong) ethnicities, in Honghe, Wenshan, Pu''er and Diqing; the article does not say whether those four prefectures place the counties, the areas or both. The aid was to improve their basic conditions of production, living, education and medicine and their ability to develop on their own, on the basis of whole village advancement. As a result 5,249 supporting projects of various types were launched, among them 2,858 whole village advancement projects, and 600,000 people of all ethnic groups benefited directly (the article does not say whether from those 2,858 projects alone or from all of them). The running total is counted from 1996, when the counterpart cooperation began (inferred).',
   'funding', 'gpig-shanghai-yunnan-2018',
   'By the end of June 2011, Shanghai, in accordance with the unified deployment and requirement of the central government and upholding the spirit of “involving true emotions, doing concrete deeds, and seeking actual effects”, accumulatively provided more than 1.981 billion in financial aid to 26 counties, and areas inhabited by Deang and Dulong ethnicities in Honghe, Wenshan, Puer and Diqing in an effort to improve their basic conditions in aspects of production, living, education and medicine as well as enhance their ability to develop on their own on the basis of whole village advancement. As a result, 5,249 supporting projects of various types were launched under the assistance of Shanghai. Among them, there were 2,858 whole village advancement projects,directly benefiting 600,000 people of all ethnic groups.');
INSERT INTO event_entities (event_id, position, entity_id) VALUES
  ('2011-06-aid-total', 1, 'shanghai'),
  ('2011-06-aid-total', 2, 'central-government'),
  ('2011-06-aid-total', 3, 'yunnan-26-counties'),
  ('2011-06-aid-total', 4, 'deang'),
  ('2011-06-aid-total', 5, 'derung'),
  ('2011-06-aid-total', 6, 'honghe'),
  ('2011-06-aid-total', 7, 'wenshan'),
  ('2011-06-aid-total', 8, 'puer'),
  ('2011-06-aid-total', 9, 'diqing'),
  ('2011-06-aid-total', 10, 'whole-village-advancement');
-- "Among them": the 2,858 are part of the 5,249 (part_of names its position)
INSERT INTO event_figures (event_id, position, label, value, unit, bound, part_of) VALUES
  ('2011-06-aid-total', 1, 'counties aided', 26, 'counties', 'exact', NULL),
  ('2011-06-aid-total', 2, 'supporting projects launched', 5249, 'projects', 'exact', NULL),
  ('2011-06-aid-total', 3, 'whole village advancement projects among them', 2858, 'projects', 'exact', 2),
  ('2011-06-aid-total', 4, 'people directly benefiting', 600000, 'people', 'exact', NULL);
INSERT INTO event_funding (event_id, funding_id) VALUES
  ('2011-06-aid-total', 'aid-total-to-june-2011');

-- 1996-2011 (inferred): the fifteen-year summary for Wenshan
INSERT INTO events (id, start_year, start_month, end_year, end_month, start_inferred, end_inferred, precision, title, summary, category, source_id, quote) VALUES
  ('1996-2011-fifteen-year-summary', 1996, NULL, 2011, NULL, 1, 1, 'year',
   'Fifteen years of Shanghai aid to Wenshan',
   'In the past 15 years since the east–west assistance partnerships were established, Shanghai provided 416 million yuan of financial aid for Wenshan Zhuang and Miao Autonomous Prefecture, mobilised all social sectors in Shanghai to donate more than 30 million yuan, and attracted 1.15 billion yuan from Shanghai enterprises by establishing economic cooperation with them. With those funds 1,672 supporting projects were launched in Yunnan, pushing forward the development-oriented poverty alleviation programme in Wenshan. The article says the villages newly built after the whole village advancement programme look quite different, and describes a picture: blocks of two-storey buildings with spacious courtyards lying along a limpid pond under dense green trees. Behind it, it says, are the mutual efforts of Shanghai and Yunnan in reducing poverty, which have lasted more than ten years. The period 1996–2011 is inferred: the fifteen years are counted from the 1996 partnerships and taken to end with the June 2011 total.',
   'summary', 'gpig-shanghai-yunnan-2018',
   'In the past 15 years since the establishment of assistance partnerships between the east and west to shift the latter out of poverty, Shanghai provided 416 million yuan in financial aid for Zhuang and Miao Autonomous Prefecture of Wenshan, Yunnan, and managed to mobilize all social sectors in Shanghai to donate more than 30 million yuan. Besides, it also attracted 1.15 billion yuan from Shanghai enterprises by establishing economic cooperation with them. With those funds, 1,672 supporting projects were launched in Yunnan, effectively pushing forward the development-oriented poverty alleviation program in Zhuang and Miao Autonomous Prefecture of Wenshan. Now, the villages newly built after the whole village advancement program look quite different. Blocks of two-storey buildings with a beautiful appearance and spacious courtyard lie along a limpid pond under dense green trees. The whole picture presented a peaceful and affluent sight. Behind the peace and affluence is Shanghai and Yunnan’s mutual efforts in reducing poverty which has lasted for more than ten years.');
INSERT INTO event_entities (event_id, position, entity_id) VALUES
  ('1996-2011-fifteen-year-summary', 1, 'shanghai'),
  ('1996-2011-fifteen-year-summary', 2, 'wenshan'),
  ('1996-2011-fifteen-year-summary', 3, 'shanghai-social-sectors'),
  ('1996-2011-fifteen-year-summary', 4, 'shanghai-enterprises'),
  ('1996-2011-fifteen-year-summary', 5, 'yunnan'),
  ('1996-2011-fifteen-year-summary', 6, 'whole-village-advancement');
INSERT INTO event_figures (event_id, position, label, value, unit, bound) VALUES
  ('1996-2011-fifteen-year-summary', 1, 'years since the assistance partnerships were set up', 15, 'years', 'exact'),
  ('1996-2011-fifteen-year-summary', 2, 'supporting projects launched with the funds', 1672, 'projects', 'exact'),
  ('1996-2011-fifteen-year-summary', 3, 'storeys of the buildings in the picture the article describes', 2, 'storeys', 'exact'),
  ('1996-2011-fifteen-year-summary', 4, 'years of joint poverty-reduction efforts', 10, 'years', 'at_least');
INSERT INTO event_funding (event_id, funding_id) VALUES
  ('1996-2011-fifteen-year-summary', 'wenshan-aid-15-years'),
  ('1996-2011-fifteen-year-summary', 'wenshan-donations-15-years'),
  ('1996-2011-fifteen-year-summary', 'wenshan-enterprise-investment-15-years');
