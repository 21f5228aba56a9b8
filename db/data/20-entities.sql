-- Entities: every place, organisation, programme, group of people and ethnic
-- group the article names. `name` is the correct modern English name; every
-- other spelling the article uses (short forms, former names, misspellings)
-- is an alias below. `quote` is the article's first mention, verbatim.
-- Rows are in an order where a parent always comes before its children.
-- Parents: county -> prefecture -> province; district -> Shanghai; a group ->
-- the smallest named place holding all its members; organisations,
-- programmes, meetings, documents and ethnic groups have no parent.

-- The two partners (both first named in the title line)
INSERT INTO entities (id, name, kind, side, parent, note, source_id, quote) VALUES
  ('shanghai', 'Shanghai', 'municipality', 'shanghai', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'Shanghai''s partner aid to Yunnan'),
  ('yunnan', 'Yunnan', 'province', 'yunnan', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'Shanghai''s partner aid to Yunnan');

-- Yunnan: prefecture-level places, modern names (the article uses older ones)
INSERT INTO entities (id, name, kind, side, parent, note, source_id, quote) VALUES
  ('wenshan', 'Wenshan Zhuang and Miao Autonomous Prefecture', 'prefecture', 'yunnan', 'yunnan', NULL,
   'gpig-shanghai-yunnan-2018', 'Wenshan Prefecture'),
  ('honghe', 'Honghe Hani and Yi Autonomous Prefecture', 'prefecture', 'yunnan', 'yunnan', NULL,
   'gpig-shanghai-yunnan-2018', 'Honghe Prefecture'),
  ('puer', 'Pu''er City', 'city', 'yunnan', 'yunnan',
   'Simao Prefecture became Simao City in 2003 and was renamed Pu''er City in 2007.',
   'gpig-shanghai-yunnan-2018', 'Simao Prefecture (nowadays Puer City)'),
  ('diqing', 'Diqing Tibetan Autonomous Prefecture', 'prefecture', 'yunnan', 'yunnan', NULL,
   'gpig-shanghai-yunnan-2018', 'Diqing Prefecture'),
  ('dehong', 'Dehong Dai and Jingpo Autonomous Prefecture', 'prefecture', 'yunnan', 'yunnan', NULL,
   'gpig-shanghai-yunnan-2018', 'Dehong Prefecture'),
  ('baoshan-city', 'Baoshan City', 'city', 'yunnan', 'yunnan',
   'Baoshan Prefecture became the prefecture-level Baoshan City in 2000; not Baoshan District of Shanghai.',
   'gpig-shanghai-yunnan-2018', 'Baoshan Prefecture'),
  ('lincang', 'Lincang City', 'city', 'yunnan', 'yunnan',
   'Lincang Prefecture became the prefecture-level Lincang City in 2003.',
   'gpig-shanghai-yunnan-2018', 'Lincang Prefecture');

-- Yunnan: county-level, town and village
INSERT INTO entities (id, name, kind, side, parent, note, source_id, quote) VALUES
  ('shangri-la', 'Shangri-La City', 'city', 'yunnan', 'diqing',
   'Shangri-La County became the county-level Shangri-La City in 2014.',
   'gpig-shanghai-yunnan-2018', 'Shangri-La County in Diqing'),
  ('yilong', 'Yilong', 'town', 'yunnan', 'honghe',
   'The article places it in Honghe Prefecture without naming its county.',
   'gpig-shanghai-yunnan-2018', 'the town of Yilong, Honghe Prefecture'),
  ('masushu-village', 'Masushu Village', 'village', 'yunnan', 'yilong', NULL,
   'gpig-shanghai-yunnan-2018', 'Masushu Village in the town of Yilong');

-- Shanghai: districts
INSERT INTO entities (id, name, kind, side, parent, note, source_id, quote) VALUES
  ('jiading-district', 'Jiading District', 'district', 'shanghai', 'shanghai', NULL,
   'gpig-shanghai-yunnan-2018', 'Jiading District'),
  ('baoshan-district', 'Baoshan District', 'district', 'shanghai', 'shanghai',
   'A district of Shanghai; not Baoshan City in Yunnan.',
   'gpig-shanghai-yunnan-2018', 'Baoshan District'),
  ('minhang-district', 'Minhang District', 'district', 'shanghai', 'shanghai', NULL,
   'gpig-shanghai-yunnan-2018', 'Minghang District');

-- Groups of places, villages, hospitals and schools that are parties to a
-- partnership, a funding row or an event
INSERT INTO entities (id, name, kind, side, parent, note, source_id, quote) VALUES
  ('shanghai-12-districts-and-counties', '12 districts and counties of Shanghai', 'county_group', 'shanghai', 'shanghai',
   'The article does not name them.',
   'gpig-shanghai-yunnan-2018', '12 districts and counties in Shanghai'),
  ('yunnan-23-key-counties', '23 key counties of Wenshan, Honghe and Pu''er', 'county_group', 'yunnan', 'yunnan',
   'Key counties of the national poverty alleviation programme in the three prefectures; the article does not name them.',
   'gpig-shanghai-yunnan-2018', '23 key counties covered in the national development-oriented poverty alleviation program in the three prefectures'),
  ('pilot-villages-1998', '44 decent-life pilot villages of 1998', 'village_group', 'yunnan', 'yunnan',
   'The first batch, in 22 counties of Wenshan, Honghe and Simao; the article does not name them.',
   'gpig-shanghai-yunnan-2018', '44 “decent-life pilot village” projects'),
  ('diqing-three-counties', 'Three counties of Diqing', 'county_group', 'yunnan', 'diqing',
   'The article does not name them.',
   'gpig-shanghai-yunnan-2018', 'three counties in Diqing Prefecture'),
  ('deang-natural-villages', '80 De''ang natural villages', 'village_group', 'yunnan', 'yunnan',
   'Natural villages inhabited by De''ang people in Dehong, Baoshan and Lincang.',
   'gpig-shanghai-yunnan-2018', '80 natural villages inhabited by Deang people'),
  ('shanghai-tertiary-hospitals', '19 tertiary general hospitals of Shanghai', 'hospital_group', 'shanghai', 'shanghai', NULL,
   'gpig-shanghai-yunnan-2018', '19 tertiary general hospitals in Shanghai'),
  ('yunnan-county-hospitals', '19 county-level hospitals of Yunnan', 'hospital_group', 'yunnan', 'yunnan',
   'Spread over 16 prefectures of Yunnan; the article does not name them.',
   'gpig-shanghai-yunnan-2018', '19 county-level hospitals in 16 prefectures in Yunnan'),
  ('shanghai-schools', '100 primary and middle schools of Shanghai', 'school_group', 'shanghai', 'shanghai', NULL,
   'gpig-shanghai-yunnan-2018', '100 primary and middle schools in Shanghai'),
  ('yunnan-schools', '100 counterpart schools in Yunnan', 'school_group', 'yunnan', 'yunnan', NULL,
   'gpig-shanghai-yunnan-2018', '100 counterparts in Yunnan'),
  ('yunnan-26-counties', '26 counties aided by Shanghai by June 2011', 'county_group', 'yunnan', 'yunnan',
   'Read as lying in Honghe, Wenshan, Pu''er and Diqing; the article does not name them.',
   'gpig-shanghai-yunnan-2018', '26 counties');

-- Groups of companies and people
INSERT INTO entities (id, name, kind, side, parent, note, source_id, quote) VALUES
  ('third-front-enterprises', 'Shanghai light textile and machinery enterprises relocated in the Third Front', 'company_group', 'shanghai', 'shanghai',
   'Parent is their place of origin; they were moved to Yunnan.',
   'gpig-shanghai-yunnan-2018', 'many light textile and machinery enterprises from Shanghai'),
  ('educated-youths', 'Educated youths from Shanghai', 'people_group', 'shanghai', 'shanghai', NULL,
   'gpig-shanghai-yunnan-2018', 'thousands of educated youths in Shanghai'),
  ('aid-cadres', 'Shanghai''s first batch of aid cadres', 'people_group', 'shanghai', 'shanghai',
   'Sent in July 1997; taken to be the group of cadres sent to aid Yunnan that the article names next.',
   'gpig-shanghai-yunnan-2018', 'the first batch of 13 cadres'),
  ('shanghai-social-sectors', 'All social sectors of Shanghai', 'people_group', 'shanghai', 'shanghai', NULL,
   'gpig-shanghai-yunnan-2018', 'all social sectors in Shanghai'),
  ('shanghai-enterprises', 'Shanghai enterprises', 'company_group', 'shanghai', 'shanghai', NULL,
   'gpig-shanghai-yunnan-2018', 'Shanghai enterprises');

-- Government bodies and the delegation
INSERT INTO entities (id, name, kind, side, parent, note, source_id, quote) VALUES
  ('central-government', 'Central Government of China', 'agency', 'national', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'the central government'),
  ('shanghai-municipal-government', 'Shanghai Municipal People''s Government', 'agency', 'shanghai', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'the Shanghai municipal government'),
  ('shanghai-delegation', 'Party and Government Delegation of Shanghai', 'delegation', 'shanghai', NULL,
   'Made a study and inspection tour of Yunnan in April 2004.',
   'gpig-shanghai-yunnan-2018', 'the Party and Government Delegation of Shanghai'),
  ('national-ethnic-affairs-commission', 'National Ethnic Affairs Commission', 'agency', 'national', NULL,
   'Formerly called the State Ethnic Affairs Commission (SEAC) in English.',
   'gpig-shanghai-yunnan-2018', 'the State Ethnic Affairs Commission (SEAC)'),
  ('ministry-of-health', 'Ministry of Health', 'agency', 'national', NULL,
   'Dissolved in 2013; its duties passed to the National Health and Family Planning Commission.',
   'gpig-shanghai-yunnan-2018', 'the Ministry of Health');

-- Companies (names as in the article; see README.md)
INSERT INTO entities (id, name, kind, side, parent, note, source_id, quote) VALUES
  ('shanghai-airlines', 'Shanghai Airlines', 'company', 'shanghai', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'Shanghai Airlines'),
  ('jinjiang-hotels', 'Shanghai Jinjiang Hotels Group', 'company', 'shanghai', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'Shanghai Jinjiang Hotels Group'),
  ('bright-food', 'Bright Food Group', 'company', 'shanghai', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'Bright Food Group'),
  ('shanghai-traffic-transportation-group', 'Shanghai Traffic & Transportation Group', 'company', 'shanghai', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'Shanghai Traffic & Transportation Group');

-- Programmes, meetings and documents
INSERT INTO entities (id, name, kind, side, parent, note, source_id, quote) VALUES
  ('third-front-movement', 'Third Front Movement', 'programme', 'national', NULL,
   'The national campaign that moved industry inland in the 1960s.',
   'gpig-shanghai-yunnan-2018', 'the Third Front Movement'),
  ('seven-year-program', 'Seven-Year Priority Poverty Alleviation Program', 'programme', 'national', NULL,
   'China''s national poverty plan for 1994–2000, known as the 8-7 Plan.',
   'gpig-shanghai-yunnan-2018', 'the Seven-Year Priority Poverty Alleviation Program'),
  ('poverty-alleviation-work-meeting', 'Development-Oriented Poverty Alleviation Work Meeting', 'meeting', 'national', NULL,
   'Held in September 1996.',
   'gpig-shanghai-yunnan-2018', 'the Development-Oriented Poverty Alleviation Work Meeting'),
  ('national-poverty-alleviation-program', 'National Development-Oriented Poverty Alleviation Program', 'programme', 'national', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'the national development-oriented poverty alleviation program'),
  ('pro-yunnan-program', 'Pro-Yunnan Program', 'programme', 'shanghai', NULL,
   'Shanghai''s programme of aid work in Yunnan, carried out in batches.',
   'gpig-shanghai-yunnan-2018', 'the pro-Yunnan program'),
  ('decent-life-pilot-villages', 'Decent-Life Pilot Village Program', 'programme', 'shanghai', NULL,
   'Proposed by Shanghai''s aid cadres; first projects in 1998.',
   'gpig-shanghai-yunnan-2018', '“decent-life pilot village” projects'),
  ('seven-plus-eight-pilot-villages', '7+8 Pilot Villages with Decent Life and Comfortable Housing', 'programme', 'yunnan', NULL, NULL,
   'gpig-shanghai-yunnan-2018', '“7+8 pilot villages with decent life and comfortable housing”'),
  ('rural-poverty-outline', 'Outline for Poverty Alleviation and Development of China''s Rural Areas', 'document', 'national', NULL,
   'The national outline for 2001–2010.',
   'gpig-shanghai-yunnan-2018', 'the Outline for Poverty Alleviation and Development of China''s Rural Areas'),
  ('whole-village-advancement', 'Whole Village Advancement', 'programme', 'national', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'whole village advancement'),
  ('fight-against-abject-poverty', 'Fight against Abject Poverty', 'programme', 'yunnan', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'Yunnan’s Fight against Abject Poverty'),
  ('smaller-ethnic-groups-mechanism', 'Assistance Mechanism for Smaller Ethnic Groups', 'programme', 'national', NULL,
   'Run by the National Ethnic Affairs Commission (SEAC).',
   'gpig-shanghai-yunnan-2018', 'SEAC’s assistance mechanism for smaller ethnic groups'),
  ('ethnic-unity-conference', '5th National Conference to Award Model Institutions and Individuals Excelling in Promoting Ethnic Unity and Progress', 'meeting', 'national', NULL,
   'The article does not date it.',
   'gpig-shanghai-yunnan-2018', 'the 5th national conference to award model institutions and individuals excelling in promoting ethnic unity and progress'),
  ('medical-reform-plan', 'National Medical Reform Plan', 'document', 'national', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'the national medical reform plan');

-- Ethnic groups (side yunnan, no parent place)
INSERT INTO entities (id, name, kind, side, parent, note, source_id, quote) VALUES
  ('miao', 'Miao', 'ethnic_group', 'yunnan', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'ethnic minorities such as Miao, Zhuang, Yi, Wa, Hani and Lahu'),
  ('zhuang', 'Zhuang', 'ethnic_group', 'yunnan', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'ethnic minorities such as Miao, Zhuang, Yi, Wa, Hani and Lahu'),
  ('yi', 'Yi', 'ethnic_group', 'yunnan', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'ethnic minorities such as Miao, Zhuang, Yi, Wa, Hani and Lahu'),
  ('wa', 'Wa', 'ethnic_group', 'yunnan', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'ethnic minorities such as Miao, Zhuang, Yi, Wa, Hani and Lahu'),
  ('hani', 'Hani', 'ethnic_group', 'yunnan', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'ethnic minorities such as Miao, Zhuang, Yi, Wa, Hani and Lahu'),
  ('lahu', 'Lahu', 'ethnic_group', 'yunnan', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'ethnic minorities such as Miao, Zhuang, Yi, Wa, Hani and Lahu'),
  ('deang', 'De''ang', 'ethnic_group', 'yunnan', NULL, NULL,
   'gpig-shanghai-yunnan-2018', 'Deang, an ethnic minority with a small population'),
  ('derung', 'Derung', 'ethnic_group', 'yunnan', NULL,
   'Dulong is the Chinese romanisation of the name.',
   'gpig-shanghai-yunnan-2018', 'Deang and Dulong ethnicities');

-- Aliases: every other spelling the article uses, each naming ONE entity.
-- The bare "Baoshan" is deliberately absent: it would name both
-- baoshan-district and baoshan-city (the article never uses it bare anyway).
-- "Puer City" and "Deang" are aliases although they slug like the names
-- Pu'er City and De'ang: they are the article's own spellings.
INSERT INTO entity_aliases (entity_id, position, alias) VALUES
  ('yunnan', 1, 'Yunnan Province'),                 -- photo captions
  ('yunnan', 2, 'Yunan'),                           -- misspelling: "Yunan turned hillsides"
  ('wenshan', 1, 'Wenshan Prefecture'),
  ('wenshan', 2, 'Wenshan'),
  ('wenshan', 3, 'Zhuang and Miao Autonomous Prefecture of Wenshan'),
  ('honghe', 1, 'Honghe Prefecture'),
  ('honghe', 2, 'Honghe'),
  ('puer', 1, 'Simao Prefecture'),                  -- former name
  ('puer', 2, 'Simao'),
  ('puer', 3, 'Simiao'),                            -- misspelling: "Honghe and Simiao"
  ('puer', 4, 'Puer'),
  ('puer', 5, 'Puer City'),                         -- the article's spelling of Pu'er
  ('diqing', 1, 'Diqing Prefecture'),
  ('diqing', 2, 'Diqing'),
  ('dehong', 1, 'Dehong Prefecture'),
  ('baoshan-city', 1, 'Baoshan Prefecture'),        -- former name
  ('lincang', 1, 'Lincang Prefecture'),             -- former name
  ('shangri-la', 1, 'Shangri-La County'),           -- former status
  ('minhang-district', 1, 'Minghang District'),     -- misspelling
  ('shanghai-municipal-government', 1, 'Shanghai municipal government'),
  ('national-ethnic-affairs-commission', 1, 'State Ethnic Affairs Commission'),
  ('national-ethnic-affairs-commission', 2, 'SEAC'),
  ('decent-life-pilot-villages', 1, 'decent-life pilot village'),
  ('decent-life-pilot-villages', 2, 'pilot program for villages with a decent life'),
  ('deang', 1, 'Deang'),                            -- the article's spelling of De'ang
  ('derung', 1, 'Dulong'),                          -- the article's "Dulong ethnicities"
  -- the article's other names for programmes, bodies and groups
  ('whole-village-advancement', 1, 'whole village advancement program'),
  ('pro-yunnan-program', 1, 'pro-Yunnan work'),     -- "the eighth batch of pro-Yunnan work"
  ('shanghai-social-sectors', 1, 'all social sectors in Shanghai'),
  ('shanghai-12-districts-and-counties', 1, '12 districts and counties in Shanghai'),
  ('yunnan-23-key-counties', 1, '23 key counties'),
  ('shanghai-tertiary-hospitals', 1, '19 tertiary general hospitals in Shanghai'),
  ('yunnan-county-hospitals', 1, '19 county-level hospitals'),
  ('shanghai-schools', 1, '100 primary and middle schools in Shanghai'),
  ('yunnan-schools', 1, '100 counterparts in Yunnan'),
  ('diqing-three-counties', 1, 'three counties in Diqing Prefecture'),
  ('deang-natural-villages', 1, '80 natural villages inhabited by Deang people'),
  ('pilot-villages-1998', 1, '44 pilot villages'),
  ('yunnan-26-counties', 1, '26 counties'),
  ('aid-cadres', 1, 'first batch of 13 cadres'),
  ('educated-youths', 1, 'educated youths in Shanghai'),
  ('third-front-enterprises', 1, 'light textile and machinery enterprises from Shanghai');
